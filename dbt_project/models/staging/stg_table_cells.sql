with source as (
    select * from {{ source('raw', 'table_cells') }}
),

final as (
    select
        table_id,
        document_id,
        cast(table_no as integer) as table_no,
        layout as table_layout,
        attachment,
        table_title,
        unit_note,
        cast(row_no as integer) as row_no,
        row_kind,
        cast(col_no as integer) as col_no,
        cast(is_header as boolean) as is_header,
        text as cell_text,
        cast(line_no as integer) as line_no
    from source
)

select * from final
