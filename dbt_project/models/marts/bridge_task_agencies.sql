{#- Built document by document (macros/by_document.sql): a task's agencies come from its own
    document. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with mentions as (
    select * from {{ ref('int_task_agencies') }}
    where document_id in {{ documents_to_build() }}
),

final as (
    select
        task_id,
        document_id,
        agency_id,
        role,
        any_value(agency_name) as agency_name,
        any_value(short_name) as short_name,
        any_value(level) as level,
        any_value(region) as region,
        any_value(name_as_written) as name_as_written,
        any_value(role_note) as role_note,
        bool_or(has_etc) as has_etc
    from mentions
    group by task_id, document_id, agency_id, role
)

select * from final
