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
        table_note,
        cast(row_no as integer) as row_no,
        row_kind,
        row_label,
        cast(stated_count as integer) as stated_count,
        category,
        cast(category_count as integer) as category_count,
        cast(col_no as integer) as col_no,
        header,
        column_role,
        cast(is_header as boolean) as is_header,
        cast(is_inherited as boolean) as is_inherited,
        text as cell_text,
        cast(line_no as integer) as line_no,
        cast(line_end as integer) as line_end,
        cast(parent_row_no as integer) as parent_row_no
    from source
)

select * from final
