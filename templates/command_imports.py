from {{ cookiecutter.__import_name }}.protocol import (
{%- if protocol == "v2" %}
    ConnectorCommand,
    ConnectorProxyResponseDict,
{%- else %}
    CommandResultDictV1,
    ConnectorCommand,
{%- endif %}
    error_response,
    success_response,
)
