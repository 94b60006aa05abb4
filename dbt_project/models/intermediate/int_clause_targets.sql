{#- Quantified goals in the prose, one row per goal (orchestration/parsing/targets.py), each with
    the year its sentence names or, failing that, the year its frame gives (int_clause_frames).
    Sentences in a section that reviews the past are not read for goals. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with documents as (
    select document_id, region from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

sentences as (
    select
        *,
        lag(clause_text) over (partition by document_id, paragraph_no order by sentence_no) as previous_text
    from {{ ref('stg_clauses') }}
),

clauses as (
    select
        clauses.*,
        frames.document_year,
        frames.frame_year,
        frames.frame_year_source,
        documents.region as document_region
    from sentences as clauses
    inner join {{ ref('int_clause_frames') }} as frames using (clause_id)
    inner join documents on documents.document_id = clauses.document_id
    where not frames.in_review_section
        and not frames.under_condition
        and not frames.reviews_in_review_document
        and regexp_matches(clauses.clause_text, '[0-9]|百分之|零增长|[一两二三四五六七八九十][个所名家项]')
),

goals as (
    select clauses.*, unnest(gz_targets(clause_text, frame_year, document_year, previous_text)) as goal
    from clauses
),

final as (
    select
        clause_id,
        document_id,
        document_region,
        document_year,
        goal.metric as metric_text,
        goal.comparator as comparator,
        goal.value as value,
        goal.value_high as value_high,
        goal.unit as unit,
        goal.value_base as value_base,
        goal.unit_base as unit_base,
        cast(goal.target_year as integer) as target_year,
        case
            when goal.target_year is null then null
            when goal.target_year = frame_year and not regexp_matches(goal.source_span, '(19|20)[0-9]{2}')
                then frame_year_source
            else 'sentence'
        end as target_year_source,
        cast(goal.baseline_year as integer) as baseline_year,
        goal.region_hint as region_hint,
        goal.annual as is_annual,
        clause_text as source_text,
        cast(goal.value_start as integer) as value_start,
        cast(goal.value_end as integer) as value_end,
        line_start as line_no,
        line_end,
        row_number() over (partition by clause_id order by goal.value_start, goal.metric) as goal_no
    from goals
)

select * from final
