{#- Tasks assigned in the prose. A responsibility clause closes the text written since the
    previous clause of its paragraph (gz_paragraph_tasks), or the paragraph before when it opens
    its paragraph or stands alone as a label line (牵头单位:…;责任单位:…); an item's one paragraph
    starts its first task with the item's heading standing alone above it. Standing instructions
    (以下各项工作均需…落实) add supporting agencies to every later task of the document;
    列第一位的为牵头单位 makes the first of a bare list the lead from there on. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with documents as (
    select document_id, issued_date, document_year from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

clauses as (
    select clauses.*, documents.issued_date, documents.document_year
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
),

paragraph_candidates as (
    select document_id, paragraph_no
    from clauses
    where gz_may_assign(clause_text)
    group by all
),

paragraphs as (
    select
        clauses.document_id,
        clauses.paragraph_no,
        list(clauses.clause_text order by clauses.sentence_no) as sentences,
        list(clauses.clause_id order by clauses.sentence_no) as clause_ids,
        string_agg(clauses.clause_text, '' order by clauses.sentence_no) as paragraph_text
    from clauses
    inner join paragraph_candidates using (document_id, paragraph_no)
    group by all
),

rules as (
    select * from {{ ref('int_task_rules') }}
),

paragraph_markers as (
    select
        document_id,
        paragraph_no,
        arg_min(marker_kind, sentence_no) as first_marker,
        count(*) as n_sentences,
        any_value(clause_text) as only_text
    from clauses
    group by document_id, paragraph_no
),

item_headings as (
    {#- A heading standing alone (`(一)加强组织领导`) over exactly one unmarked paragraph is that
        item's title, so the item's first task starts with it; a heading over several
        paragraphs is a section, not part of any one task. -#}
    select h.document_id, h.paragraph_no + 1 as paragraph_no, h.only_text as heading_text
    from paragraph_markers as h
    inner join paragraph_markers as body
        on body.document_id = h.document_id and body.paragraph_no = h.paragraph_no + 1
    left join paragraph_markers as after
        on after.document_id = h.document_id and after.paragraph_no = h.paragraph_no + 2
    where h.n_sentences = 1 and h.first_marker is not null and length(h.only_text) <= 40
      and body.first_marker is null
      and (after.paragraph_no is null or after.first_marker is not null)
),

line_forms as (
    select
        paragraphs.document_id,
        paragraphs.paragraph_no,
        1 as sentence_index,
        (
            select string_agg(c.clause_text, '' order by c.sentence_no) from clauses as c
            where c.document_id = paragraphs.document_id and c.paragraph_no = paragraphs.paragraph_no - 1
        ) as task_text,
        paragraphs.paragraph_text as assignment_text,
        cast(null as double) as weight
    from paragraphs
    where gz_opens_with_label(paragraphs.paragraph_text)
),

bracket_forms as (
    select
        paragraphs.document_id,
        paragraphs.paragraph_no,
        task.sentence + 1 as sentence_index,
        coalesce(
            case
                when task.opens_paragraph and item_headings.heading_text is not null
                     and paragraph_markers.first_marker is null and nullif(task.task_text, '') is not null
                    then item_headings.heading_text || chr(10) || task.task_text
                else nullif(task.task_text, '')
            end,
            (
                select string_agg(c.clause_text, '' order by c.sentence_no) from clauses as c
                where c.document_id = paragraphs.document_id and c.paragraph_no = paragraphs.paragraph_no - 1
            )
        ) as task_text,
        task.assignment_text,
        task.weight
    from paragraphs
    cross join unnest(gz_paragraph_tasks(paragraphs.sentences)) as t(task)
    left join item_headings using (document_id, paragraph_no)
    left join paragraph_markers using (document_id, paragraph_no)
    where not gz_opens_with_label(paragraphs.paragraph_text)
),

found as (
    select * from line_forms
    union all
    select * from bracket_forms
),

assignments as (
    select
        found.*,
        clauses.clause_id,
        clauses.sentence_no,
        clauses.section_path,
        clauses.heading,
        clauses.line_start,
        clauses.line_end,
        clauses.issued_date,
        clauses.document_year,
        gz_assignment(found.assignment_text) as assignment,
        (
            select flatten(list(r.standing order by r.paragraph_no, r.sentence_no))
            from rules as r
            where r.document_id = found.document_id
              and (r.paragraph_no, r.sentence_no) <= (found.paragraph_no, clauses.sentence_no)
        ) as standing_before,
        coalesce((
            select bool_or(r.first_is_lead)
            from rules as r
            where r.document_id = found.document_id
              and (r.paragraph_no, r.sentence_no) <= (found.paragraph_no, clauses.sentence_no)
        ), false) as first_is_lead
    from found
    inner join clauses
        on clauses.document_id = found.document_id
       and clauses.paragraph_no = found.paragraph_no
       and clauses.sentence_no = found.sentence_index
),

roles as (
    select *
    from assignments
    where assignment is not null
      and len(assignment.lead) + len(assignment.support) + len(assignment.responsible) > 0
),

final as (
    select
        substr(md5(roles.document_id || ':clause:' || roles.clause_id || ':' || roles.assignment_text), 1, 16)
            as task_id,
        roles.document_id,
        roles.task_text,
        (
            assignment.lead || case
                when roles.first_is_lead then assignment.responsible[1:1]
                else assignment.responsible
            end
        ) as lead_all,
        (
            assignment.support
            || case when roles.first_is_lead then assignment.responsible[2:] else [] end
            || coalesce(roles.standing_before, [])
        ) as support_all,
        coalesce(
            gz_deadline(roles.assignment_text, roles.document_year, false),
            gz_deadline(roles.task_text, roles.document_year, false)
        ) as deadline,
        roles.weight,
        'clause' as source,
        roles.section_path as section,
        roles.heading,
        cast(null as varchar) as table_id,
        cast(null as integer) as seq,
        roles.clause_id,
        roles.assignment_text,
        roles.line_start as line_no,
        roles.line_end
    from roles
),

deduped as (
    {{ agencies_in_written_order('final') }}
)

select * from deduped
