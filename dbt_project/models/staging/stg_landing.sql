with source as (
    select * from {{ source('raw', 'landing') }}
),

final as (
    select
        source_file,
        file_sha256,
        cast(rejected as boolean) as is_rejected,
        cast(size_bytes as bigint) as size_bytes,
        cast(received_at as timestamp) as received_at,
        cast(listed_at as timestamp) as listed_at,
        run_id
    from source
)

select * from final
