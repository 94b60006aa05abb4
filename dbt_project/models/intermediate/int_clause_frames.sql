{#- The context each prose sentence inherits from its document (orchestration/parsing/frames.py
    reads the cues; this model hands them down the outline):
    - frame_year: a year named earlier in the same sentence (parts split at ;), in a goal
      section a year named earlier in the paragraph; else the latest
      goal head above it in
      its section (`到2025年,…:` or `到2025年,…` in a 目标 section), else the nearest section
      heading naming a year or period (`三、2022年重点工作`, `总体目标(2013-2025年)`), else the
      attachment's title (`附件3` / `2018年…实施计划`), else the document's title (`2019年…工作要点`,
      `…(2018-2022)`), else nothing;
    - in_goal_section / in_review_section: an ancestor heading names goals (目标, 愿景, 指标) or
      the past (回顾, 发展基础, 成效 …). -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with documents as (
    select document_id, title, issued_date, document_tense, document_year from {{ ref('int_current_documents') }}
    where document_id in {{ documents_to_build() }}
),

clauses as (
    select
        clauses.*,
        coalesce(clauses.attachment, '') as attachment_key,
        coalesce(clauses.section_path, '') as path_key,
        documents.document_year,
        gz_title_year(documents.title) as title_year,
        documents.document_tense
    from {{ ref('stg_clauses') }} as clauses
    inner join documents using (document_id)
),

named as (
    select *, gz_year(clause_text, document_year) as named_year from clauses
),

attachment_titles as (
    {#- an attachment's title (`附件3` then `2018年…实施计划`) governs the attachment like a title -#}
    select
        document_id,
        attachment_key,
        case when length(first_line) <= 60 and not first_line like '%。' then gz_title_year(first_line) end
            as attachment_year
    from (
        select document_id, attachment_key, arg_min(clause_text, paragraph_no * 1000 + sentence_no) as first_line
        from clauses
        where attachment_key <> '' and not regexp_matches(clause_text, '^附件\s*[0-9一二三四五六七八九十]*\s*[:.、]?$')
        group by document_id, attachment_key
    )
),

headings as (
    select distinct
        document_id,
        attachment_key,
        path_key,
        paragraph_no,
        heading,
        gz_heading_year(heading) as heading_year,
        gz_is_goal_heading(heading) as is_goal,
        gz_is_review_heading(heading) as is_review
    from clauses
    where heading is not null and marker_kind is not null
),

ancestors as (
    {#- every section heading above a sentence that is still in force (the latest with that path) -#}
    select
        c.clause_id,
        h.path_key as heading_path,
        h.heading_year,
        h.is_goal,
        h.is_review
    from clauses as c
    inner join headings as h
        on h.document_id = c.document_id
        and h.attachment_key = c.attachment_key
        and h.paragraph_no <= c.paragraph_no
        and (c.path_key = h.path_key or starts_with(c.path_key, h.path_key || '/'))
    qualify row_number() over (partition by c.clause_id, h.path_key order by h.paragraph_no desc) = 1
),

sections as (
    select
        clause_id,
        arg_max(heading_year, length(heading_path)) filter (where heading_year is not null) as section_year,
        bool_or(is_goal) as in_goal_section,
        bool_or(is_review) as in_review_section
    from ancestors
    group by clause_id
),

heads as (
    {#- sentences that govern the clauses listed after them: goal heads set a year, condition
        heads (`同时满足以下条件时:`) mark what follows as criteria -#}
    select
        n.document_id,
        n.attachment_key,
        n.path_key,
        n.paragraph_no,
        n.sentence_no,
        n.named_year,
        gz_is_condition_head(n.clause_text) as is_condition
    from named as n
    left join sections as s using (clause_id)
    where gz_is_condition_head(n.clause_text)
        or (
            n.named_year is not null
            and gz_is_goal_head(n.clause_text)
            and (coalesce(s.in_goal_section, false) or rtrim(n.clause_text) like '%:')
        )
),

head_years as (
    select
        c.clause_id,
        arg_max(h.named_year, h.paragraph_no * 1000 + h.sentence_no) filter (where not h.is_condition) as head_year,
        arg_max(h.is_condition, h.paragraph_no * 1000 + h.sentence_no) as under_condition
    from clauses as c
    inner join heads as h
        on h.document_id = c.document_id
        and h.attachment_key = c.attachment_key
        and (h.paragraph_no < c.paragraph_no or (h.paragraph_no = c.paragraph_no and h.sentence_no < c.sentence_no))
        and (c.path_key = h.path_key or starts_with(c.path_key, h.path_key || '/'))
    group by c.clause_id
),

paragraph_runs as (
    {#- list items (1. / (1) / ——) following a paragraph belong to it until a paragraph that is
        not a list item: run_no counts the non-list paragraphs so far -#}
    select
        document_id,
        paragraph_no,
        is_list_item,
        sum(case when is_list_item then 0 else 1 end) over (
            partition by document_id order by paragraph_no rows unbounded preceding
        ) as run_no
    from (
        select document_id, paragraph_no, bool_or(marker_kind in ('num', 'paren_num', 'dash')) as is_list_item
        from clauses
        group by document_id, paragraph_no
    )
),

condition_lists as (
    select distinct c.clause_id
    from clauses as c
    inner join paragraph_runs as pc on pc.document_id = c.document_id and pc.paragraph_no = c.paragraph_no
    inner join heads as h on h.document_id = c.document_id and h.is_condition and h.paragraph_no < c.paragraph_no
    inner join paragraph_runs as ph on ph.document_id = h.document_id and ph.paragraph_no = h.paragraph_no
    where pc.is_list_item and pc.run_no = ph.run_no
),

sentence_groups as (
    {#- clauses split at ; are parts of one sentence: group them -#}
    select
        *,
        sum(case when coalesce(previous_text, '') like '%;' then 0 else 1 end) over (
            partition by document_id, paragraph_no order by sentence_no rows unbounded preceding
        ) as group_no
    from (
        select
            *,
            lag(clause_text) over (partition by document_id, paragraph_no order by sentence_no) as previous_text
        from named
    )
),

paragraphs as (
    select
        clause_id,
        last_value(named_year ignore nulls) over (
            partition by document_id, paragraph_no order by sentence_no
            rows between unbounded preceding and 1 preceding
        ) as paragraph_year,
        last_value(named_year ignore nulls) over (
            partition by document_id, paragraph_no, group_no order by sentence_no
            rows between unbounded preceding and 1 preceding
        ) as sentence_year
    from sentence_groups
),

final as (
    select
        named.clause_id,
        named.document_id,
        named.document_year,
        named.named_year,
        paragraphs.paragraph_year,
        head_years.head_year,
        sections.section_year,
        named.title_year,
        attachment_titles.attachment_year,
        coalesce(
            paragraphs.sentence_year,
            case when sections.in_goal_section then paragraphs.paragraph_year end,
            head_years.head_year,
            sections.section_year,
            attachment_titles.attachment_year,
            named.title_year
        ) as frame_year,
        case
            when paragraphs.sentence_year is not null then 'sentence'
            when sections.in_goal_section and paragraphs.paragraph_year is not null then 'paragraph'
            when head_years.head_year is not null then 'goal_head'
            when sections.section_year is not null then 'section_heading'
            when attachment_titles.attachment_year is not null then 'attachment_title'
            when named.title_year is not null then 'title'
        end as frame_year_source,
        coalesce(sections.in_goal_section, false) as in_goal_section,
        coalesce(sections.in_review_section, false) and not coalesce(sections.in_goal_section, false)
            as in_review_section,
        coalesce(head_years.under_condition, false) or condition_lists.clause_id is not null as under_condition,
        named.document_tense = 'review'
            and not coalesce(sections.in_goal_section, false)
            and not gz_plans(named.clause_text) as reviews_in_review_document
    from named
    left join paragraphs using (clause_id)
    left join head_years using (clause_id)
    left join sections using (clause_id)
    left join condition_lists using (clause_id)
    left join attachment_titles
        on attachment_titles.document_id = named.document_id
        and attachment_titles.attachment_key = named.attachment_key
)

select * from final
