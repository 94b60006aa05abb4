with documents as (
    select * exclude (built_by) from {{ ref('int_current_documents') }}
),

kinds as (
    select * from {{ ref('document_kinds') }}
),

clause_counts as (
    select document_id, count(*) as n_clauses
    from {{ ref('stg_clauses') }}
    group by document_id
),

table_counts as (
    select document_id, count(distinct table_id) as n_tables
    from {{ ref('stg_table_cells') }}
    group by document_id
),

kind_matches as (
    select
        documents.document_id,
        kinds.doc_kind,
        kinds.doc_kind_en,
        row_number() over (
            partition by documents.document_id order by length(kinds.title_suffix) desc
        ) as match_rank
    from documents
    inner join kinds
        on regexp_replace(documents.title, '\(.*\)$', '') like '%' || kinds.title_suffix
),

final as (
    select
        documents.document_id,
        documents.source_file,
        documents.title,
        documents.doc_number,
        documents.issuer,
        documents.issued_date,
        documents.region,
        gz_region_code(documents.region, null) as region_code,
        documents.masthead_region,
        kind_matches.doc_kind,
        kind_matches.doc_kind_en,
        documents.doc_index,
        documents.file_sha256,
        documents.encoding,
        documents.line_start,
        documents.line_end,
        coalesce(clause_counts.n_clauses, 0) as n_clauses,
        coalesce(table_counts.n_tables, 0) as n_tables
    from documents
    left join kind_matches
        on documents.document_id = kind_matches.document_id and kind_matches.match_rank = 1
    left join clause_counts on documents.document_id = clause_counts.document_id
    left join table_counts on documents.document_id = table_counts.document_id
)

select * from final
