with mentions as (
    select * from {{ ref('int_task_agencies') }}
),

final as (
    select
        agency_id,
        mode(agency_name) as agency_name,
        mode(short_name) as short_name,
        list_sort(list_distinct(list(name_as_written))) as names_as_written,
        any_value(region) as region,
        any_value(level) as level,
        bool_or(is_group) as is_group,
        bool_and(in_reference) as in_reference,
        count(distinct task_id) as n_tasks
    from mentions
    group by agency_id
)

select * from final
