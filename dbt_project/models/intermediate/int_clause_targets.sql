{#- Quantified goals in the prose, one row per goal. A year named earlier in the paragraph
    (`2020年,` at its head) governs the sentences after it. -#}
with documents as (
    select document_id, issued_date, region from {{ ref('int_current_documents') }}
),

clauses as (
    select clauses.*, year(documents.issued_date) as document_year, documents.region as document_region
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
),

years as (
    select
        *,
        last_value(gz_year(clause_text, document_year) ignore nulls) over (
            partition by document_id, paragraph_no order by sentence_no
            rows between unbounded preceding and current row
        ) as paragraph_year
    from clauses
),

goals as (
    select years.*, unnest(gz_targets(clause_text, document_year)) as goal
    from years
    where regexp_matches(clause_text, '\d')
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
        goal.unit as unit,
        coalesce(goal.target_year, paragraph_year) as target_year,
        goal.baseline_year as baseline_year,
        goal.region_hint as region_hint,
        clause_text as source_text,
        line_start as line_no,
        row_number() over (partition by clause_id order by goal.metric) as goal_no
    from goals
)

select * from final
