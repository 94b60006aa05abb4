{#- Every total, subtotal, category sum and stated item count in any table, next to what the
    items actually add up to. Amount columns are those whose data cells are all numbers or
    dashes (/ for none); sequence and date columns never count. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with cells as (
    select
        *,
        try_cast(replace(cell_text, ',', '') as double) as number_value
    from {{ ref('stg_table_cells') }}
    where not is_header and document_id in {{ documents_to_build() }}
),

amount_columns as (
    select table_id, col_no, any_value(header) as header
    from cells
    where row_kind = 'data'
      and coalesce(column_role, '') not in ('seq', 'period', 'start', 'end', 'weight')
    group by table_id, col_no
    having count(number_value) > 0
       and count(*) filter (
            where cell_text <> '' and number_value is null and cell_text not in ('/', '—', '-', '——', '无')
       ) = 0
),

items as (
    select cells.table_id, cells.category, cells.col_no, sum(cells.number_value) as item_sum
    from cells
    inner join amount_columns using (table_id, col_no)
    where cells.row_kind = 'data'
    group by grouping sets ((cells.table_id, cells.category, cells.col_no), (cells.table_id, cells.col_no))
),

stated_amounts as (
    select
        cells.table_id,
        any_value(cells.document_id) as document_id,
        any_value(cells.table_title) as table_title,
        case when cells.row_kind = 'total' then null else cells.category end as category,
        cells.col_no,
        any_value(amount_columns.header) as header,
        arg_min(cells.row_kind, case cells.row_kind when 'category' then 1 when 'subtotal' then 2 else 3 end)
            as row_kind,
        arg_min(cells.number_value, case cells.row_kind when 'category' then 1 when 'subtotal' then 2 else 3 end)
            as stated_value,
        min(cells.line_no) as line_no
    from cells
    inner join amount_columns using (table_id, col_no)
    where cells.row_kind in ('category', 'subtotal', 'total') and cells.number_value is not null
    group by cells.table_id, case when cells.row_kind = 'total' then null else cells.category end, cells.col_no
),

amount_checks as (
    select
        stated.table_id,
        stated.document_id,
        stated.table_title,
        stated.row_kind,
        stated.category,
        stated.header as measure,
        stated.stated_value,
        coalesce(items.item_sum, 0) as computed_value,
        stated.line_no
    from stated_amounts as stated
    left join items
        on stated.table_id = items.table_id
       and stated.col_no = items.col_no
       and stated.category is not distinct from items.category
),

row_counts as (
    select table_id, category, count(distinct coalesce(parent_row_no, row_no)) as item_count
    from cells
    where row_kind = 'data'
    group by grouping sets ((table_id, category), (table_id))
),

stated_counts as (
    select
        table_id,
        any_value(document_id) as document_id,
        any_value(table_title) as table_title,
        case when row_kind = 'total' then null else category end as category,
        any_value(case when row_kind = 'total' then 'total' else 'category' end) as row_kind,
        max(coalesce(stated_count, category_count)) as stated_value,
        min(line_no) as line_no
    from cells
    where (row_kind = 'total' and stated_count is not null)
       or (row_kind in ('category', 'data') and category_count is not null)
    group by table_id, case when row_kind = 'total' then null else category end
),

count_checks as (
    select
        stated.table_id,
        stated.document_id,
        stated.table_title,
        stated.row_kind,
        stated.category,
        '项目数' as measure,
        cast(stated.stated_value as double) as stated_value,
        cast(coalesce(row_counts.item_count, 0) as double) as computed_value,
        stated.line_no
    from stated_counts as stated
    left join row_counts
        on stated.table_id = row_counts.table_id
       and stated.category is not distinct from row_counts.category
),

weights as (
    select table_id, document_id, table_title, category, header, line_no, number_value
    from cells
    where row_kind = 'data' and column_role = 'weight'
),

weight_checks as (
    {#- 考核权重: a group label may state its share ("(12分)"), the header the whole ("总分100"). -#}
    select
        table_id,
        any_value(document_id) as document_id,
        any_value(table_title) as table_title,
        'category' as row_kind,
        category,
        any_value(header) as measure,
        try_cast(regexp_extract(category, '[(]\s*(\d+(?:\.\d+)?)\s*分\s*[)]', 1) as double) as stated_value,
        sum(number_value) as computed_value,
        min(line_no) as line_no
    from weights
    group by table_id, category
    having stated_value is not null
    union all
    select
        table_id,
        any_value(document_id),
        any_value(table_title),
        'total',
        null,
        any_value(header),
        try_cast(regexp_extract(any_value(header), '总分\s*(\d+(?:\.\d+)?)', 1) as double),
        sum(number_value),
        min(line_no)
    from weights
    group by table_id
    having try_cast(regexp_extract(any_value(header), '总分\s*(\d+(?:\.\d+)?)', 1) as double) is not null
),

final as (
    select
        substr(md5(concat_ws(':', table_id, row_kind, coalesce(category, ''), measure)), 1, 16) as total_check_id,
        *,
        round(stated_value - computed_value, 4) as difference
    from (
        select * from amount_checks
        union all by name select * from count_checks
        union all by name select * from weight_checks
    )
)

select * from final
