{#- Money stated in the prose, one row per amount (orchestration/parsing/money.py): a range gives
    its low and its high bound, the same amount of the same kind twice in a sentence is one row.
    Sentences in a section reviewing the past keep their amounts (money is every amount written
    with 元, whatever its role); their kind says what they are. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with documents as (
    select document_id from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

clauses as (
    select clauses.*
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
    where regexp_matches(clauses.clause_text, '[0-9]\s*(多|余)?\s*(万亿|亿|千|万)?\s*(多|余)?\s*元')
),

amounts as (
    select clauses.*, unnest(gz_money(clauses.clause_text)) as amount
    from clauses
),

final as (
    select
        substr(md5(clause_id || ':' || amount.value_start || ':' || amount.bound || ':' || amount.kind), 1, 16)
            as funding_id,
        document_id,
        amount.amount_cny as amount_cny,
        amount.amount_text as amount_text,
        amount.kind as kind,
        clause_text as source_text,
        cast(null as varchar) as project_id,
        regexp_extract(amount.amount_text, '(万亿元|亿元|万元|千元|元)$', 1) as unit,
        'clause' as source,
        clause_id,
        line_start as line_no,
        line_end,
        amount.approximate as is_approximate,
        amount.bound as bound,
        amount.upper_cny as upper_cny,
        amount.purpose as purpose,
        cast(amount.value_start as integer) as value_start,
        cast(amount.value_end as integer) as value_end
    from amounts
)

select * from final
