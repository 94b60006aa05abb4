{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with rows as (
    select * from {{ ref('int_table_rows') }}
    where row_kind = 'data' and document_id in {{ documents_to_build() }}
),

documents as (
    select document_id from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

items as (
    {#- An item and its sub-rows (more content, another unit or date) make one project. -#}
    select
        table_id,
        item_row_no as row_no,
        any_value(document_id) as document_id,
        any_value(table_title) as table_title,
        any_value(category) as category,
        any_value(unit_note) as unit_note,
        any_value(table_note) as table_note,
        min(line_no) as line_no,
        arg_min(seq_text, row_no) as seq_text,
        arg_min(name_text, row_no) as name_text,
        string_agg(period_text, chr(10) order by row_no) as period_text,
        string_agg(start_text, chr(10) order by row_no) as start_text,
        string_agg(end_text, chr(10) order by row_no) as end_text,
        string_agg(scale_text, chr(10) order by row_no) as scale_text,
        string_agg(coalesce(responsible_text, lead_text), chr(10) order by row_no) as responsible_text,
        arg_min(total_investment_text, row_no) as total_investment_text,
        arg_min(invested_to_date_text, row_no) as invested_to_date_text,
        arg_min(planned_investment_text, row_no) as planned_investment_text,
        any_value(total_investment_header) as total_investment_header,
        any_value(invested_to_date_header) as invested_to_date_header,
        any_value(planned_investment_header) as planned_investment_header
    from rows
    group by table_id, item_row_no
),

parsed as (
    select
        substr(md5(items.table_id || ':' || items.row_no), 1, 16) as project_id,
        items.document_id,
        items.table_id,
        items.table_title,
        items.category,
        try_cast(items.seq_text as integer) as seq,
        items.name_text as name,
        coalesce(gz_start_month(items.period_text), gz_start_month(items.start_text)) as start_month,
        coalesce(gz_end_month(items.period_text), gz_end_month(items.end_text)) as end_month,
        coalesce(items.period_text, concat_ws('至', items.start_text, items.end_text)) as period_text,
        items.scale_text,
        coalesce(gz_length_km(items.scale_text), gz_length_km(items.name_text)) as length_km,
        gz_amount_cny(items.total_investment_text, items.unit_note, items.total_investment_header)
            as total_investment_cny,
        gz_amount_cny(items.invested_to_date_text, items.unit_note, items.invested_to_date_header)
            as invested_before_cny,
        gz_amount_cny(items.planned_investment_text, items.unit_note, items.planned_investment_header)
            as planned_investment_cny,
        gz_split_units(items.responsible_text) || coalesce(gz_assignment(items.table_note).standing, [])
            as responsible_units,
        items.total_investment_text,
        items.invested_to_date_text,
        items.planned_investment_text,
        items.total_investment_header,
        items.invested_to_date_header,
        items.planned_investment_header,
        items.unit_note,
        items.line_no,
        items.row_no
    from items
    inner join documents using (document_id)
    where items.name_text is not null
),

final as (
    select
        *,
        total_investment_cny - coalesce(invested_before_cny, 0) - coalesce(planned_investment_cny, 0)
            as investment_gap_cny,
        coalesce(start_month <= end_month, true) as months_in_order,
        coalesce(
            seq = lag(seq) over (partition by table_id order by row_no) + 1 or seq = 1
                or lag(seq) over (partition by table_id order by row_no) is null,
            true
        ) as seq_follows
    from parsed
)

select * from final
