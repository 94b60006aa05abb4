{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with goals as (
    select * from (
        select
            clause_id || ':' || goal_no as target_key, 'clause' as source, clause_id, null as table_id,
            * exclude (clause_id, goal_no)
        from {{ ref('int_clause_targets') }}
        union all by name
        select 'table' as source, null as clause_id, * from {{ ref('int_table_targets') }}
    )
    where document_id in {{ documents_to_build() }}
),

metrics as (
    select * from {{ ref('metrics') }}
),

mapped as (
    {#- a metric maps to the canonical one whose alias it is, or ends with (设区市PM2.5年均浓度
        → PM2.5年均浓度: the words before are a scope); the longest alias wins -#}
    select goals.target_key, metrics.metric, metrics.alias
    from goals
    inner join metrics
        on goals.metric_text = metrics.alias
        or (length(metrics.alias) >= 4 and ends_with(goals.metric_text, metrics.alias))
    qualify row_number() over (partition by goals.target_key order by length(metrics.alias) desc) = 1
),

final as (
    select
        substr(md5(goals.target_key), 1, 16) as target_id,
        goals.document_id,
        case
            when goals.region_hint is null
                or goals.region_hint in ('全市', '全省', '全区', '全县', '全州', '全国', '全市平均', '全省平均', '合计')
                then goals.document_region
            else goals.region_hint
        end as region,
        coalesce(metrics.metric, goals.metric_text) as metric,
        goals.comparator,
        goals.value,
        goals.unit,
        cast(goals.target_year as integer) as target_year,
        cast(goals.baseline_year as integer) as baseline_year,
        goals.source_text,
        goals.metric_text,
        metrics.metric is not null as metric_in_reference,
        goals.source,
        goals.clause_id,
        goals.table_id,
        goals.line_no,
        coalesce(goals.line_end, goals.line_no) as line_end,
        goals.value_start,
        goals.value_end,
        goals.value_high,
        coalesce(goals.value_base, goals.value) as value_base,
        coalesce(goals.unit_base, goals.unit) as unit_base,
        case
            when goals.value_start is not null
                then substr(goals.source_text, goals.value_start + 1, goals.value_end - goals.value_start)
        end as value_text,
        coalesce(goals.is_annual, false) as is_annual,
        goals.target_year_source,
        goals.document_year,
        goals.document_region,
        goals.unit not in ('%', '‰') or goals.comparator in ('reduce_by', 'increase_by')
            or goals.value between 0 and 100 as percent_in_range,
        goals.target_year is null
            or goals.target_year between goals.document_year - 1 and goals.document_year + 30 as year_in_range,
        goals.baseline_year is null or goals.target_year is null
            or goals.baseline_year < goals.target_year as baseline_before_target
    from goals
    left join mapped as metrics on metrics.target_key = goals.target_key
),

with_regions as (
    {#- the region as a GB/T 2260 division where it is one (dim_regions), else 全国 or a scope
        such as 县城 or 设区市 that names no single division -#}
    select
        final.*,
        gz_region_code(final.region, final.document_region) as region_code
    from final
)

select
    *,
    case
        when region = '全国' then 'national'
        when region_code is not null then 'division'
        when region is not null then 'scope'
    end as region_kind
from with_regions
