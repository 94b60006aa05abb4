{#- Administrative divisions (GB/T 2260, seeds/reference/regions.csv) with their parent's name,
    so a BI tool can roll a county up to its city and province in one join. -#}
with regions as (
    select * from {{ ref('regions') }}
),

final as (
    select
        regions.code as region_code,
        regions.name,
        regions.short_name,
        regions.level,
        regions.parent_code,
        parents.name as parent_name,
        regions.province
    from regions
    left join regions as parents on parents.code = regions.parent_code
)

select * from final
