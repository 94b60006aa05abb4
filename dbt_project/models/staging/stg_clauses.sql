with source as (
    select * from {{ source('raw', 'clauses') }}
),

final as (
    select
        clause_id,
        document_id,
        cast(paragraph_no as integer) as paragraph_no,
        cast(sentence_no as integer) as sentence_no,
        attachment,
        section_path,
        marker_kind,
        cast(level as integer) as outline_level,
        heading,
        text as clause_text,
        cast(line_start as integer) as line_start,
        cast(line_end as integer) as line_end
    from source
)

select * from final
