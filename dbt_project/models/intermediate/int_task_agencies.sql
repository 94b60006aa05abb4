{#- Every agency a task names, resolved to a canonical agency: level prefix kept (省/市/县/区),
    the rest looked up in reference.agency_aliases (发改委 → 发展和改革委员会), the region taken
    from the document for city- and county-level names. Unknown names stay, flagged downstream. -#}
with tasks as (
    select * from {{ ref('int_table_tasks') }}
    union all by name
    select * from {{ ref('int_clause_tasks') }}
),

documents as (
    select document_id, region from {{ ref('int_current_documents') }}
),

mentions as (
    select task_id, document_id, 'lead' as role, unnest(lead_written) as name_as_written from tasks
    union all
    select task_id, document_id, 'support' as role, unnest(support_written) as name_as_written from tasks
),

parsed as (
    select mentions.*, documents.region as document_region, gz_agency(mentions.name_as_written) as agency
    from mentions
    inner join documents using (document_id)
    where gz_agency(mentions.name_as_written).is_well_formed
),

aliases as (
    select * from {{ ref('agency_aliases') }}
),

resolved as (
    select
        parsed.task_id,
        parsed.role,
        parsed.name_as_written,
        parsed.agency.role_note as role_note,
        parsed.agency.has_etc as has_etc,
        parsed.agency.is_group as is_group,
        coalesce(parsed.agency.level, right(parsed.document_region, 1)) as level,
        case
            when aliases.canonical is not null then coalesce(parsed.agency.level, '') || aliases.canonical
            else parsed.agency.name
        end as agency_name,
        case
            when aliases.short_name is not null then coalesce(parsed.agency.level, '') || aliases.short_name
            else parsed.agency.name
        end as short_name,
        case
            when parsed.agency.level = '省' and parsed.document_region like '%省' then parsed.document_region
            when parsed.agency.level = '省' then null
            else parsed.document_region
        end as region,
        aliases.alias is not null
            or parsed.agency.is_group
            or regexp_full_match(parsed.agency.name, '[一-鿿]{2,5}[省市县区](人民)?政府') as in_reference
    from parsed
    left join aliases on aliases.alias = parsed.agency.core
),

final as (
    select
        substr(md5(coalesce(region, '') || ':' || agency_name), 1, 16) as agency_id,
        *
    from resolved
)

select * from final
