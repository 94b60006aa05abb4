with targets as (
    select * from {{ ref('fct_targets') }}
),

reference as (
    select metric, any_value(unit) as reference_unit, list(alias order by alias) as aliases
    from {{ ref('metrics') }}
    group by metric
),

seen as (
    select metric, list_sort(list_distinct(list(metric_text))) as names_as_written, count(*) as n_targets,
        bool_or(metric_in_reference) as in_reference
    from targets
    group by metric
),

final as (
    select
        substr(md5(coalesce(seen.metric, reference.metric)), 1, 16) as metric_id,
        coalesce(seen.metric, reference.metric) as metric,
        reference.reference_unit as unit,
        reference.aliases,
        seen.names_as_written,
        coalesce(seen.n_targets, 0) as n_targets,
        reference.metric is not null as in_reference
    from seen
    full outer join reference using (metric)
)

select * from final
