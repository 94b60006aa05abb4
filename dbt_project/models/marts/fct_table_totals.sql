{#- Published so analysts can see which printed totals reconcile; the quality checks flag the
    ones that do not. -#}
with totals as (
    select * from {{ ref('int_table_totals') }}
),

documents as (
    select document_id from {{ ref('int_current_documents') }}
),

final as (
    select totals.*, abs(totals.difference) < 0.01 as reconciles
    from totals
    inner join documents using (document_id)
)

select * from final
