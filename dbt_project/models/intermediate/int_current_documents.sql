{#- The warehouse publishes the landing folder as it is: each file at the content it holds now
    (stg_landing), so a corrected file replaces its old version, a reverted one shows its earlier
    content again and a removed or now unreadable one leaves, while raw keeps every version. A
    content held under several names counts once, under the first name. The region
    is the masthead's place when it is a real division, else the issuer's, the title's, or what
    the text says of itself (`我省/全省` + the province it names; frames.document_region). The
    document's year (for `年底前`, `9月底前`) is its date's, else the one its title names. -#}
with files as (
    select * from {{ ref('stg_files') }}
),

landing as (
    select file_sha256, min(source_file) as source_file
    from {{ ref('stg_landing') }}
    where not is_rejected
    group by file_sha256
),

current_files as (
    select landing.source_file, files.file_sha256, files.encoding
    from landing
    inner join files using (file_sha256)
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
