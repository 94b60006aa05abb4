{#- Money stated in the prose, one row per amount (the same amount twice in a sentence once). -#}
with documents as (
    select document_id from {{ ref('int_current_documents') }}
),

clauses as (
    select clauses.*
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
    where regexp_matches(clauses.clause_text, '\d\s*(多|余)?\s*(亿元|万元|千元|元|个亿|亿)')
),

amounts as (
    select clauses.*, unnest(gz_money(clauses.clause_text)) as amount
    from clauses
),

final as (
    select
        substr(md5(clause_id || ':' || amount.amount_text || ':' || amount.amount_cny), 1, 16) as funding_id,
        document_id,
        amount.amount_cny as amount_cny,
        amount.amount_text as amount_text,
        amount.kind as kind,
        clause_text as source_text,
        cast(null as varchar) as project_id,
        regexp_extract(amount.amount_text, '(亿元|万元|千元|元|个亿|亿)$', 1) as unit,
        'clause' as source,
        line_start as line_no,
        amount.approximate as is_approximate,
        amount.upper_cny as upper_cny,
        amount.purpose as purpose
    from amounts
)

select * from final
