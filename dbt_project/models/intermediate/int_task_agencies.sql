{#- Every agency a task names, resolved to one agency: the name cleaned (gz_agency), its level
    prefix kept (省/市/县/区) and the rest looked up in reference.agency_aliases (发改委 →
    发展和改革委员会); a group's spellings share one key (各区、县(市)政府 = 各区、县〔市〕人民政府).
    Level and region come from the name and the document's region (agencies.agency_scope:
    省发改委 in a Shaoxing text is Zhejiang's, 越城区政府 is 越城区's). Text that is no agency
    name never gets here (fct_tasks keeps it in agencies_dropped); unknown names stay, flagged. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with tasks as (
    select * from {{ ref('int_table_tasks') }}
    union all by name
    select * from {{ ref('int_clause_tasks') }}
),

documents as (
    select document_id, region from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

mentions as (
    select task_id, document_id, 'lead' as role, unnest(lead_written) as name_as_written from tasks
    union all
    select task_id, document_id, 'support' as role, unnest(support_written) as name_as_written from tasks
),

parsed as (
    select
        mentions.*,
        documents.region as document_region,
        gz_agency(mentions.name_as_written) as agency
    from mentions
    inner join documents using (document_id)
),

scoped as (
    select *, gz_agency_scope(agency.name, document_region) as scope
    from parsed
    where agency.is_well_formed
),

aliases as (
    select * from {{ ref('agency_aliases') }}
),

resolved as (
    select
        scoped.task_id,
        scoped.document_id,
        scoped.role,
        scoped.name_as_written,
        scoped.agency.role_note as role_note,
        scoped.agency.has_etc as has_etc,
        scoped.agency.is_group as is_group,
        scoped.scope.level as level,
        scoped.scope.region as region,
        case
            when aliases.canonical is not null then coalesce(scoped.agency.level, '') || aliases.canonical
            else scoped.agency.name
        end as agency_name,
        case
            when aliases.short_name is not null then coalesce(scoped.agency.level, '') || aliases.short_name
            else scoped.agency.name
        end as short_name,
        case when scoped.agency.is_group then scoped.agency.key end as group_key,
        aliases.alias is not null
            or scoped.agency.is_group
            or regexp_full_match(scoped.agency.name, '[一-鿿]{2,5}[省市县区](人民)?政府') as in_reference
    from scoped
    left join aliases on aliases.alias = scoped.agency.core
),

final as (
    select
        substr(md5(coalesce(region, '') || ':' || coalesce(group_key, agency_name)), 1, 16) as agency_id,
        *
    from resolved
)

select * from final
