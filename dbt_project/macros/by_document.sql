{#- Models built document by document: the intermediate models that read one document at a
    time, the marts fct_tasks, fct_targets and fct_facility_projects, which call the parsers
    per row, and fct_fundings and bridge_task_agencies, whose rows each belong to one document
    (a whole-table rebuild of them made a refresh's cost grow with the archive). A document's
    rows depend only on its content (its id comes from the file's sha256) and on the code, so a
    refresh computes the documents int_current_documents (re)built in this dbt invocation and
    keeps every other document's rows; the rows of documents that left the landing folder go. New code (models, parsers, reference seeds) makes the orchestrator run
    `dbt build --full-refresh`, which builds every current document again. Each such model has
        {{ config(materialized='incremental', incremental_strategy='append',
                  pre_hook="{{ forget_rebuilt_documents() }}") }}
    and filters its input with `document_id in {{ documents_to_build() }}`. -#}

{% macro documents_to_build() -%}
    {#- In a refresh, the ids themselves (at most a thousand; null when there are none): DuckDB
        reads a list of constants before it evaluates the model's other filters, while for a
        subquery that came out empty (a refresh that only removed files) it ran a parser UDF
        filter over every clause first, seconds at 100x. -#}
    {%- if is_incremental() and execute -%}
        {%- set found = run_query(
            "select document_id from " ~ ref('int_current_documents') ~ " where built_by = '"
            ~ invocation_id ~ "' order by 1 limit 1001") -%}
        {%- set ids = found.columns[0].values() if found else [] -%}
    {%- endif -%}
    {%- if ids is defined and ids | length <= 1000 -%}
        ({%- for id in ids %}'{{ id | replace("'", "''") }}'{{ ", " if not loop.last }}{%- else %}null{%- endfor %})
    {%- else -%}
    (select document_id from {{ ref('int_current_documents') }}
     {%- if is_incremental() %} where built_by = '{{ invocation_id }}'{% endif %})
    {%- endif -%}
{%- endmacro %}

{% macro forget_rebuilt_documents() -%}
    {#- pre-hook: drop the rows this invocation rebuilds and those of documents no longer current -#}
    {%- if is_incremental() -%}
    delete from {{ this }} where document_id not in (
        select document_id from {{ ref('int_current_documents') }} where built_by <> '{{ invocation_id }}'
    )
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{% macro forget_changed_files() -%}
    {#- int_current_documents' pre-hook: documents of files that left the folder or changed name go -#}
    {%- if is_incremental() -%}
    delete from {{ this }} as documents where not exists (
        select 1 from {{ ref('int_current_files') }} as files
        where files.file_sha256 = documents.file_sha256
          and files.source_file = documents.source_file
          and files.encoding is not distinct from documents.encoding
    )
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
