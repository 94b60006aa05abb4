with tasks as (
    select * from {{ ref('int_table_tasks') }}
    union all by name
    select * from {{ ref('int_clause_tasks') }}
),

final as (
    select
        task_id,
        document_id,
        task_text,
        list_transform(lead_written, lambda x: gz_agency(x).name) as lead_agencies,
        list_transform(support_written, lambda x: gz_agency(x).name) as supporting_agencies,
        deadline,
        weight,
        source,
        section,
        heading,
        table_id,
        seq,
        clause_id,
        assignment_text,
        line_no,
        len(lead_written) as n_lead
    from tasks
)

select * from final
