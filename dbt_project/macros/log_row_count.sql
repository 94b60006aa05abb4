{% macro log_row_count() %}
  {#- A post-hook: logs `gazette_rows <schema>.<table> <rows>` as a table model finishes, so the
      orchestrator can put the row count on the model's materialisation while dbt, the only
      writer, still holds the database. Views are not counted (that would run them). -#}
  {%- if execute and config.get('materialized') in ('table', 'incremental') -%}
    {%- set rows = run_query('select count(*) from ' ~ this).columns[0].values()[0] -%}
    {%- do log('gazette_rows ' ~ this.schema ~ '.' ~ this.identifier ~ ' ' ~ rows, info=true) -%}
  {%- endif -%}
{% endmacro %}
