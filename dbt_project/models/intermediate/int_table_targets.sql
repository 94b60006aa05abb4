{#- Goals in region × metric × year grids: a header row of metrics over a row of years
    (the parser marks those columns grid_value); the row's group cell (地区) says whose goal. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with cells as (
    select * from {{ ref('stg_table_cells') }}
    where not is_header and row_kind = 'data'
),

documents as (
    select document_id, issued_date, region from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

grid as (
    select
        cells.*,
        year(documents.issued_date) as document_year,
        documents.region as document_region,
        split_part(cells.header, '|', 1) as metric_header,
        split_part(cells.header, '|', 2) as period_header,
        try_cast(replace(cells.cell_text, ',', '') as double) as value
    from cells
    inner join documents using (document_id)
    where cells.column_role = 'grid_value'
),

final as (
    select
        substr(md5(table_id || ':' || row_no || ':' || col_no), 1, 16) as target_key,
        document_id,
        document_region,
        document_year,
        category as region_hint,
        regexp_replace(metric_header, '\(.*\)$', '') as metric_text,
        case
            when regexp_matches(metric_header, '削减|下降|减少|降低') then 'reduce_by'
            when regexp_matches(metric_header, '上升|提高|增长') then 'increase_by'
            when regexp_matches(metric_header, '浓度|排放|能耗|用水量') then 'at_most'
            when regexp_matches(metric_header, '比例|率|覆盖|天数|比重') then 'at_least'
            else 'equal'
        end as comparator,
        value,
        coalesce(
            nullif(regexp_extract(period_header, '\(([^)]+)\)', 1), ''),
            nullif(regexp_extract(metric_header, '\(([^)]+)\)', 1), '')
        ) as unit,
        gz_year(period_header, document_year) as target_year,
        case when regexp_matches(period_header, '十三五') and regexp_matches(metric_header, '削减|下降|减少|降低')
            then 2015
            when regexp_matches(period_header, '十四五') and regexp_matches(metric_header, '削减|下降|减少|降低')
            then 2020
        end as baseline_year,
        concat_ws(' ', table_title, category, header, cell_text) as source_text,
        line_no,
        table_id
    from grid
    where value is not null
)

select * from final
