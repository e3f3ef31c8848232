"""Partial updates: what the caller gave, read once by pydantic, the same way for every entity.

An update input has three answers per field: omitted (keep it), a value (set it), or null
(clear it). A `Changes` model declares each field an update may touch with its type; the
fields the caller gave, null included, are its `model_fields_set` and nothing else is
touched. A field marked `NOT_CLEARABLE` (a vendor's name, a finding's severity) refuses
null with INVALID ("severity cannot be cleared"): never a silent success. Types are
checked here; each area's service still applies its own rules to the values (normalised
text, owners who must be members).
"""

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from domain.shared.errors import InvalidInput, api_field

NOT_CLEARABLE = "not clearable"  # Annotated[T | None, NOT_CLEARABLE]: null is refused


class Changes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @classmethod
    def read(cls, given: Mapping[str, Any]) -> Self:
        """The changes in `given` (field -> value, null included), checked; INVALID names the
        first field at fault."""
        for name, value in given.items():
            field = cls.model_fields.get(name)
            if value is None and field is not None and NOT_CLEARABLE in field.metadata:
                raise InvalidInput(f"{api_field(name)} cannot be cleared.", api_field(name))
        try:
            return cls.model_validate(dict(given))
        except ValidationError as error:
            first = error.errors()[0]
            name = api_field(str(first["loc"][0])) if first["loc"] else "input"
            raise InvalidInput(f"{name}: {first['msg']}.", name) from None

    def given(self) -> dict[str, Any]:
        """The fields the caller gave, with their (checked) values."""
        fields = type(self).model_fields
        return {name: getattr(self, name) for name in fields if name in self.model_fields_set}
