with source as (
    select * from {{ source('raw', 'files') }}
),

final as (
    select
        file_sha256,
        source_file,
        cast(size_bytes as bigint) as size_bytes,
        encoding,
        coalesce(text_format, 'text') as text_format,
        cast(traditional_share as double) as traditional_share,
        cast(received_at as timestamp) as received_at,
        cast(ingested_at as timestamp) as ingested_at
    from source
)

select * from final
