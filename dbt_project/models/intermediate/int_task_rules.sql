{#- Rules a document states once for the tasks after it: standing instructions that name
    supporting agencies (以下各项工作均需…落实,不再列出; 以下各项工作的责任单位均为…; X〔下同〕)
    and 列第一位的为牵头单位. Prose and table tasks read them from here. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with found as (
    select *, gz_assignment(clause_text) as rule
    from {{ ref('stg_clauses') }}
    where document_id in {{ documents_to_build() }} and gz_states_rule(clause_text)
),

final as (
    select
        document_id,
        clause_id,
        paragraph_no,
        sentence_no,
        line_start,
        coalesce(rule.standing, []) as standing,
        coalesce(rule.first_is_lead, false) as first_is_lead
    from found
    where rule is not null and (len(rule.standing) > 0 or rule.first_is_lead)
)

select * from final
