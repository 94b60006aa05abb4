{#- Money amounts, one row each: every filled money cell of a facility project table (linked
    by project_id) and every amount stated in the prose. Built document by document
    (macros/by_document.sql). -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with projects as (
    select * from {{ ref('fct_facility_projects') }}
    where document_id in {{ documents_to_build() }}
),

cells as (
    select project_id, document_id, table_title, name, unit_note, line_no,
        'total_investment' as kind, total_investment_cny as amount_cny,
        total_investment_text as amount_text, total_investment_header as header
    from projects
    union all
    select project_id, document_id, table_title, name, unit_note, line_no,
        'invested_to_date', invested_before_cny, invested_to_date_text, invested_to_date_header
    from projects
    union all
    select project_id, document_id, table_title, name, unit_note, line_no,
        'planned_investment', planned_investment_cny, planned_investment_text, planned_investment_header
    from projects
),

final as (
    select
        substr(md5(project_id || ':' || kind), 1, 16) as funding_id,
        document_id,
        amount_cny,
        amount_text,
        kind,
        concat(table_title, ': ', name, ', ', header, ' ', amount_text, coalesce(unit_note, '')) as source_text,
        project_id,
        coalesce(unit_note, regexp_extract(header, '\((亿元|万元|千元|元)\)', 1)) as unit,
        'table' as source,
        cast(null as varchar) as clause_id,
        line_no,
        line_no as line_end,
        false as is_approximate,
        'exact' as bound,
        cast(null as double) as upper_cny,
        name as purpose,
        cast(null as integer) as value_start,
        cast(null as integer) as value_end
    from cells
    where amount_cny is not null
),

combined as (
    select * from final
    union all by name
    select * from {{ ref('int_clause_fundings') }}
    where document_id in {{ documents_to_build() }}
)

select * from combined
