{#- One row per table row, its cells spread into columns by role, for tables that name items
    (a column in the role `name`): facility and key-project tables. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with cells as (
    select * from {{ ref('stg_table_cells') }}
    where not is_header and document_id in {{ documents_to_build() }}
),

item_tables as (
    select table_id
    from cells
    group by table_id
    having count(*) filter (where column_role = 'name') > 0
),

{%- set roles = ['seq', 'name', 'period', 'start', 'end', 'scale', 'total_investment', 'invested_to_date',
                 'planned_investment', 'responsible', 'lead', 'support'] %}

final as (
    select
        cells.table_id,
        cells.document_id,
        any_value(cells.table_title) as table_title,
        any_value(cells.attachment) as attachment,
        any_value(cells.unit_note) as unit_note,
        any_value(cells.table_note) as table_note,
        cells.row_no,
        coalesce(any_value(cells.parent_row_no), cells.row_no) as item_row_no,
        any_value(cells.parent_row_no) is not null as is_subrow,
        any_value(cells.row_kind) as row_kind,
        any_value(cells.row_label) as row_label,
        any_value(cells.stated_count) as stated_count,
        any_value(cells.category) as category,
        any_value(cells.category_count) as category_count,
        min(cells.line_no) as line_no,
        {%- for role in roles %}
        nullif(arg_min(cells.cell_text, cells.col_no) filter (where cells.column_role = '{{ role }}'), '')
            as {{ role }}_text,
        arg_min(cells.header, cells.col_no) filter (where cells.column_role = '{{ role }}') as {{ role }}_header
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from cells
    inner join item_tables using (table_id)
    group by cells.table_id, cells.document_id, cells.row_no
)

select * from final
