{#- Tasks assigned in the prose: a responsibility clause governs the sentences before it in its
    paragraph, or the paragraph before when it stands alone. Standing instructions (以下各项工作
    均需…落实) add supporting agencies to every later task of the document; 列第一位的为牵头单位
    makes the first of a bare list the lead from there on. -#}
with documents as (
    select document_id, issued_date, region from {{ ref('int_current_documents') }}
),

clauses as (
    select clauses.*, documents.issued_date, documents.region
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
),

paragraphs as (
    select
        *,
        string_agg(clause_text, '') over (
            partition by document_id, paragraph_no order by sentence_no
            rows between unbounded preceding and unbounded following
        ) as paragraph_text
    from clauses
),

candidates as (
    {#- A paragraph that opens with a label (牵头单位:…;责任单位:…) is one assignment of the
        paragraph before; elsewhere each sentence may assign the sentences before it. -#}
    select
        *,
        regexp_matches(paragraph_text, '^(牵头单位|牵头部门|责任单位|责任部门|配合单位)\s*:') as line_form
    from paragraphs
    where regexp_matches(clause_text, '牵头|责任单位|责任部门|配合单位|以下各项工作|列第一位|列首位')
),

parsed as (
    select
        * exclude (line_form),
        gz_assignment(case when line_form then paragraph_text else clause_text end) as assignment,
        line_form
    from candidates
    where not line_form or sentence_no = 1
),

rules as (
    select
        *,
        list_distinct(flatten(list(assignment.standing) over (
            partition by document_id order by paragraph_no, sentence_no
            rows between unbounded preceding and 1 preceding
        ))) as standing_before,
        bool_or(assignment.first_is_lead) over (
            partition by document_id order by paragraph_no, sentence_no
            rows between unbounded preceding and current row
        ) as first_is_lead
    from parsed
    where assignment is not null
),

assignments as (
    select *
    from rules
    where len(assignment.lead) + len(assignment.support) + len(assignment.responsible) > 0
),

governed as (
    select
        assignments.clause_id,
        coalesce(
            (select string_agg(c.clause_text, '' order by c.sentence_no) from clauses as c
             where c.document_id = assignments.document_id and c.paragraph_no = assignments.paragraph_no
               and c.sentence_no < assignments.sentence_no and not assignments.line_form),
            (select string_agg(c.clause_text, '' order by c.sentence_no) from clauses as c
             where c.document_id = assignments.document_id and c.paragraph_no = assignments.paragraph_no - 1)
        ) as task_text
    from assignments
),

final as (
    select
        substr(md5(assignments.document_id || ':clause:' || assignments.clause_id), 1, 16) as task_id,
        assignments.document_id,
        governed.task_text,
        (
            assignment.lead || case
                when assignments.first_is_lead then assignment.responsible[1:1]
                else assignment.responsible
            end
        ) as lead_all,
        (
            assignment.support
            || case when assignments.first_is_lead then assignment.responsible[2:] else [] end
            || coalesce(assignments.standing_before, [])
        ) as support_all,
        gz_deadline(governed.task_text, year(assignments.issued_date)) as deadline,
        cast(null as double) as weight,
        'clause' as source,
        assignments.section_path as section,
        assignments.heading,
        cast(null as varchar) as table_id,
        cast(null as integer) as seq,
        assignments.clause_id,
        case when assignments.line_form then assignments.paragraph_text else assignments.clause_text end
            as assignment_text,
        assignments.line_start as line_no
    from assignments
    inner join governed using (clause_id)
),

deduped as (
    {{ agencies_in_written_order('final') }}
)

select * from deduped
