{#- list_distinct() does not keep order; agencies stay in the order the gazette lists them.
    Expects lead_all and support_all lists in `relation`, returns lead_written/support_written;
    a unit that leads is not listed again as support. -#}
{% macro agencies_in_written_order(relation) %}
    select
        * exclude (lead_all, support_all),
        list_filter(lead_all, lambda x, i: list_position(lead_all, x) = i) as lead_written,
        list_filter(
            support_all, lambda x, i: list_position(support_all, x) = i and not list_contains(lead_all, x)
        ) as support_written
    from {{ relation }}
{% endmacro %}
