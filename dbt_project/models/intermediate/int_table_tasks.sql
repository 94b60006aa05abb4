{#- Tasks listed in responsibility tables: one per row (sub-rows are tasks of their own, with
    their own lead and weight). A responsible cell with △ marks its leads; without △ every
    unit in it leads. A standing instruction written above the table (以下各项工作的责任单位
    均为…, in the caption's note or in the prose before) adds its agencies to every row's
    support. -#}
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ forget_rebuilt_documents() }}") }}
with cells as (
    select * from {{ ref('stg_table_cells') }}
    where not is_header and document_id in {{ documents_to_build() }}
),

documents as (
    select document_id, document_year from {{ ref('int_current_documents') }}
),

rules as (
    select * from {{ ref('int_task_rules') }}
),

task_tables as (
    select table_id
    from cells
    group by table_id
    having count(*) filter (where column_role in ('task', 'lead', 'support', 'responsible')) > 0
       and count(*) filter (where column_role = 'name') = 0
),

seq_cols as (
    select table_id, coalesce(min(col_no) filter (where column_role = 'seq'), 0) as seq_col
    from cells
    group by table_id
),

rows as (
    select
        cells.table_id,
        cells.row_no,
        any_value(cells.document_id) as document_id,
        any_value(cells.table_title) as table_title,
        any_value(cells.table_note) as table_note,
        any_value(cells.category) as category,
        any_value(cells.parent_row_no) as parent_row_no,
        min(cells.line_no) as line_no,
        max(coalesce(cells.line_end, cells.line_no)) as line_end,
        coalesce(
            nullif(arg_max(cells.cell_text, cells.col_no) filter (where cells.column_role = 'task'), ''),
            {#- no task column (类别 | 序号 | 工作内容 | 责任单位): the rightmost group column is the task -#}
            nullif(arg_max(cells.cell_text, cells.col_no) filter (
                where cells.column_role = 'group' and cells.col_no > seq_cols.seq_col
            ), '')
        ) as task_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'seq'), '') as seq_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'lead'), '') as lead_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'support'), '') as support_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'responsible'), '') as responsible_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'weight'), '') as weight_text,
        nullif(max(cells.cell_text) filter (where cells.column_role = 'end'), '') as end_text
    from cells
    inner join task_tables using (table_id)
    inner join seq_cols using (table_id)
    where cells.row_kind = 'data'
    group by cells.table_id, cells.row_no
),

table_starts as (
    select table_id, min(line_no) as first_line from cells group by table_id
),

with_parent as (
    select
        rows.*,
        coalesce(try_cast(rows.seq_text as integer), try_cast(parent.seq_text as integer)) as seq,
        gz_split_units(rows.responsible_text) as responsible_units,
        coalesce((
            select flatten(list(r.standing order by r.paragraph_no, r.sentence_no))
            from rules as r
            where r.document_id = rows.document_id and r.line_start < table_starts.first_line
        ), []) || coalesce(gz_assignment(rows.table_note).standing, []) as standing_before
    from rows
    inner join table_starts using (table_id)
    left join rows as parent
        on parent.table_id = rows.table_id and parent.row_no = rows.parent_row_no
),

final as (
    select
        substr(md5(with_parent.table_id || ':' || with_parent.row_no), 1, 16) as task_id,
        with_parent.document_id,
        coalesce(with_parent.task_text, with_parent.category) as task_text,
        (
            gz_split_units(with_parent.lead_text)
            || case
                when list_bool_or(list_transform(responsible_units, lambda x: x like '%△%'))
                    then list_transform(list_filter(responsible_units, lambda x: x like '%△%'), lambda x: replace(x, '△', ''))
                else responsible_units
            end
        ) as lead_all,
        (
            gz_split_units(with_parent.support_text)
            || case
                when list_bool_or(list_transform(responsible_units, lambda x: x like '%△%'))
                    then list_filter(responsible_units, lambda x: x not like '%△%')
                else []
            end
            || coalesce(with_parent.standing_before, [])
        ) as support_all,
        coalesce(
            gz_deadline(with_parent.end_text, documents.document_year, true),
            gz_deadline(with_parent.task_text, documents.document_year, false)
        ) as deadline,
        try_cast(with_parent.weight_text as double) as weight,
        'table' as source,
        with_parent.category as section,
        with_parent.table_title as heading,
        with_parent.table_id,
        with_parent.seq,
        cast(null as varchar) as clause_id,
        cast(null as varchar) as assignment_text,
        with_parent.line_no,
        with_parent.line_end
    from with_parent
    inner join documents using (document_id)
),

deduped as (
    {{ agencies_in_written_order('final') }}
)

select * from deduped
