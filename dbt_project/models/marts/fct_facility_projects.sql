with rows as (
    select * from {{ ref('int_table_rows') }}
    where row_kind = 'data' and name_text is not null
),

documents as (
    select document_id from {{ ref('int_current_documents') }}
),

parsed as (
    select
        substr(md5(rows.table_id || ':' || rows.row_no), 1, 16) as project_id,
        rows.document_id,
        rows.table_id,
        rows.table_title,
        rows.category,
        try_cast(rows.seq_text as integer) as seq,
        rows.name_text as name,
        coalesce(gz_start_month(rows.period_text), gz_start_month(rows.start_text), gz_start_month(rows.end_text))
            as start_month,
        coalesce(gz_end_month(rows.period_text), gz_end_month(rows.end_text)) as end_month,
        coalesce(rows.period_text, concat_ws('至', rows.start_text, rows.end_text)) as period_text,
        rows.scale_text,
        coalesce(gz_length_km(rows.scale_text), gz_length_km(rows.name_text)) as length_km,
        gz_amount_cny(rows.total_investment_text, rows.unit_note, rows.total_investment_header)
            as total_investment_cny,
        gz_amount_cny(rows.invested_to_date_text, rows.unit_note, rows.invested_to_date_header)
            as invested_before_cny,
        gz_amount_cny(rows.planned_investment_text, rows.unit_note, rows.planned_investment_header)
            as planned_investment_cny,
        gz_split_units(coalesce(rows.responsible_text, rows.lead_text)) as responsible_units,
        rows.total_investment_text,
        rows.invested_to_date_text,
        rows.planned_investment_text,
        rows.total_investment_header,
        rows.invested_to_date_header,
        rows.planned_investment_header,
        rows.unit_note,
        rows.line_no,
        rows.row_no
    from rows
    inner join documents using (document_id)
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
