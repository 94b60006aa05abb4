with source as (
    select * from {{ source('raw', 'documents') }}
),

final as (
    select
        document_id,
        file_sha256,
        cast(doc_index as integer) as doc_index,
        title,
        doc_number,
        issuer,
        cast(issued_date as date) as issued_date,
        region,
        cast(line_start as integer) as line_start,
        cast(line_end as integer) as line_end,
        text as document_text
    from source
)

select * from final
