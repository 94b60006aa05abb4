{#- One row per task. Agency names are cleaned (gz_agency: 等, role notes and deadlines removed)
    and only well-formed names become agencies; text that sat in an agency cell or list but
    names no agency (全年工作, a fragment) is kept in agencies_dropped, where a check flags it. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with tasks as (
    select * from (
        select * from {{ ref('int_table_tasks') }}
        union all by name
        select * from {{ ref('int_clause_tasks') }}
    )
    where document_id in {{ documents_to_build() }}
),

parsed as (
    select
        *,
        list_transform(lead_written, lambda x: gz_agency(x)) as lead_parsed,
        list_transform(support_written, lambda x: gz_agency(x)) as support_parsed
    from tasks
),

cleaned as (
    select
        *,
        list_transform(list_filter(lead_parsed, lambda a: a.is_well_formed), lambda a: a.name) as lead_names,
        list_transform(list_filter(support_parsed, lambda a: a.is_well_formed), lambda a: a.name) as support_names,
        list_transform(
            list_filter(lead_parsed || support_parsed, lambda a: not a.is_well_formed and a.name <> ''),
            lambda a: a.name
        ) as agencies_dropped
    from parsed
),

final as (
    select
        task_id,
        document_id,
        task_text,
        list_filter(lead_names, lambda x, i: list_position(lead_names, x) = i) as lead_agencies,
        list_filter(
            support_names, lambda x, i: list_position(support_names, x) = i and not list_contains(lead_names, x)
        ) as supporting_agencies,
        deadline,
        weight,
        source,
        section,
        heading,
        table_id,
        seq,
        clause_id,
        assignment_text,
        line_no,
        line_end,
        len(list_distinct(lead_names)) as n_lead,
        agencies_dropped,
        len(agencies_dropped) as n_agencies_dropped
    from cleaned
)

select * from final
