{% test primary_key(model, column_name) %}
{#- A key column: present in every row and never repeated. One query where dbt's unique and
    not_null make two: every test is a dbt node and, on staging and the marts, a Dagster check,
    each with a fixed cost per build. Fails with one row per repeated or missing key. -#}
select {{ column_name }} as key_value, count(*) as n_rows
from {{ model }}
group by {{ column_name }}
having {{ column_name }} is null or count(*) > 1
{% endtest %}
