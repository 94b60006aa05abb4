with mentions as (
    select * from {{ ref('int_task_agencies') }}
),

final as (
    select
        task_id,
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
    group by task_id, agency_id, role
)

select * from final
