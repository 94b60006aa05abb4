{#- The warehouse publishes the landing folder as it is: each file at the content it holds now
    (stg_landing), so a corrected file replaces its old version, a reverted one shows its earlier
    content again and a removed or now unreadable one leaves, while raw keeps every version. A
    content held under several names counts once, under the first name. The region
    is the masthead's place when it is a real division, else the issuer's, the title's, or what
    the text says of itself (`我省/全省` + the province it names; frames.document_region). The
    document's year (for `年底前`, `9月底前`) is its date's, else the one its title names.
    The text is read here, not kept: raw.documents holds it, and a second copy made a sixth
    of the warehouse file, which every publish copies.
    Incremental (macros/by_document.sql): a refresh reads the documents of files it has not
    seen under their current name, and stamps them built_by, which the models built document
    by document read as their change set. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ forget_changed_files() }}"
) }}
with current_files as (
    select * from {{ ref('int_current_files') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
    {%- if is_incremental() %}
    where document_id not in (select document_id from {{ this }})
    {%- endif %}
),

final as (
    select
        documents.* exclude (region, document_text),
        documents.region as masthead_region,
        gz_document_region(documents.document_text, documents.issuer, documents.title, documents.region) as region,
        gz_document_tense(documents.document_text) as document_tense,
        coalesce(year(documents.issued_date), gz_title_year(documents.title)) as document_year,
        current_files.source_file,
        current_files.encoding,
        '{{ invocation_id }}' as built_by
    from documents
    inner join current_files using (file_sha256)
)

select * from final
