{#- The landing folder's files as the warehouse publishes them: each readable file at the content
    it holds now, a content held under several names once, under the first name. -#}
with landing as (
    select file_sha256, min(source_file) as source_file
    from {{ ref('stg_landing') }}
    where not is_rejected
    group by file_sha256
)

select landing.source_file, files.file_sha256, files.encoding
from landing
inner join {{ ref('stg_files') }} as files using (file_sha256)
