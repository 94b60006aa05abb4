{#- A corrected file replaces the version it supersedes: for each source file name only the
    most recently ingested content counts downstream, while raw keeps every version. The region
    is the masthead's place when it is a real division, else the issuer's, the title's, or what
    the text says of itself (`我省/全省` + the province it names; frames.document_region). The
    document's year (for `年底前`, `9月底前`) is its date's, else the one its title names. -#}
with files as (
    select * from {{ ref('stg_files') }}
),

current_files as (
    select *
    from files
    qualify row_number() over (partition by source_file order by ingested_at desc, file_sha256) = 1
),

documents as (
    select * from {{ ref('stg_documents') }}
),

final as (
    select
        documents.* exclude (region),
        documents.region as masthead_region,
        gz_document_region(documents.document_text, documents.issuer, documents.title, documents.region) as region,
        gz_document_tense(documents.document_text) as document_tense,
        coalesce(year(documents.issued_date), gz_title_year(documents.title)) as document_year,
        current_files.source_file,
        current_files.encoding
    from documents
    inner join current_files using (file_sha256)
)

select * from final
