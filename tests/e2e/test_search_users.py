"""SearchUsers end to end (R6.1-R6.8, R1.6.3): string, hierarchy and proficiency conditions,
tag and user-attribute filters, paging, and the ACW-in-milliseconds quirk."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_users import basic_refs, create_user


def names(result: dict[str, Any]) -> list[str]:
    return sorted(u["Username"] for u in result["Users"])


def string(field: str, value: str, comparison: str = "EXACT") -> dict[str, Any]:
    return {"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": comparison}}


def search(connect: Any, instance_id: str, **kwargs: Any) -> dict[str, Any]:
    return connect.search_users(InstanceId=instance_id, **kwargs)  # type: ignore[no-any-return]


@pytest.fixture
def hierarchy(connect: Any, instance_id: str) -> dict[str, str]:
    """Region (EMEA, APAC) > Site (Paris under EMEA)."""
    connect.update_user_hierarchy_structure(
        InstanceId=instance_id,
        HierarchyStructure={"LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Site"}},
    )
    emea = connect.create_user_hierarchy_group(InstanceId=instance_id, Name="EMEA")[
        "HierarchyGroupId"
    ]
    apac = connect.create_user_hierarchy_group(InstanceId=instance_id, Name="APAC")[
        "HierarchyGroupId"
    ]
    paris = connect.create_user_hierarchy_group(
        InstanceId=instance_id, Name="Paris", ParentGroupId=emea
    )["HierarchyGroupId"]
    return {"EMEA": emea, "APAC": apac, "Paris": paris}


def test_summary_reports_acw_in_milliseconds_when_searched(connect: Any, instance_id: str) -> None:
    rp, sps = basic_refs(connect, instance_id)
    uid = create_user(
        connect,
        instance_id,
        "ms",
        IdentityInfo={"FirstName": "Mo", "LastName": "Ses", "Email": "m@example.com"},
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 30},
        Tags={"k": "v"},
    )["UserId"]
    result = search(connect, instance_id)
    assert result["ApproximateTotalCount"] == 1
    user = result["Users"][0]
    assert user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30_000
    assert user["IdentityInfo"] == {"FirstName": "Mo", "LastName": "Ses"}
    assert user["Id"] == uid
    assert user["RoutingProfileId"] == rp
    assert user["SecurityProfileIds"] == [sps["Agent"]]
    assert user["Tags"] == {"k": "v"}
    assert "LastModifiedTime" not in user
    # Describe keeps seconds.
    described = connect.describe_user(InstanceId=instance_id, UserId=uid)["User"]
    assert described["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30


def test_string_conditions_match_user_fields_when_searched(connect: Any, instance_id: str) -> None:
    _, sps = basic_refs(connect, instance_id)
    create_user(
        connect, instance_id, "alice", IdentityInfo={"FirstName": "Alice", "LastName": "Smith"}
    )
    create_user(
        connect, instance_id, "alfred", IdentityInfo={"FirstName": "Alfred", "LastName": "Jones"}
    )
    bob = create_user(
        connect,
        instance_id,
        "bob",
        IdentityInfo={"FirstName": "Bob", "LastName": "Smithers"},
        SecurityProfileIds=[sps["Admin"]],
    )["UserId"]
    assert names(
        search(connect, instance_id, SearchCriteria=string("Username", "AL", "STARTS_WITH"))
    ) == ["alfred", "alice"]
    assert names(
        search(connect, instance_id, SearchCriteria=string("LastName", "mith", "CONTAINS"))
    ) == ["alice", "bob"]
    assert names(search(connect, instance_id, SearchCriteria=string("FirstName", "Bob"))) == ["bob"]
    assert names(search(connect, instance_id, SearchCriteria=string("resourceId", bob))) == ["bob"]
    assert names(
        search(connect, instance_id, SearchCriteria=string("SecurityProfileId", sps["Admin"]))
    ) == ["bob"]
    rp, _ = basic_refs(connect, instance_id)
    assert (
        len(search(connect, instance_id, SearchCriteria=string("RoutingProfileId", rp))["Users"])
        == 3
    )
    combined = search(
        connect,
        instance_id,
        SearchCriteria={
            "AndConditions": [
                string("LastName", "Smith", "STARTS_WITH"),
                {"OrConditions": [string("Username", "bob"), string("Username", "alfred")]},
            ]
        },
    )
    assert names(combined) == ["bob"]
    assert combined["ApproximateTotalCount"] == 1


def test_search_fails_with_invalid_parameter_when_field_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        search(connect, instance_id, SearchCriteria=string("Email", "x"))


def test_hierarchy_condition_matches_children_when_with_child_groups(
    connect: Any, instance_id: str, hierarchy: dict[str, str]
) -> None:
    create_user(connect, instance_id, "emea", HierarchyGroupId=hierarchy["EMEA"])
    create_user(connect, instance_id, "paris", HierarchyGroupId=hierarchy["Paris"])
    create_user(connect, instance_id, "apac", HierarchyGroupId=hierarchy["APAC"])
    create_user(connect, instance_id, "none")
    exact = {
        "HierarchyGroupCondition": {"Value": hierarchy["EMEA"], "HierarchyGroupMatchType": "EXACT"}
    }
    children = {
        "HierarchyGroupCondition": {
            "Value": hierarchy["EMEA"],
            "HierarchyGroupMatchType": "WITH_CHILD_GROUPS",
        }
    }
    assert names(search(connect, instance_id, SearchCriteria=exact)) == ["emea"]
    assert names(search(connect, instance_id, SearchCriteria=children)) == ["emea", "paris"]


def test_user_attribute_filter_uses_hierarchy_and_tags_when_given(
    connect: Any, instance_id: str, hierarchy: dict[str, str]
) -> None:
    create_user(connect, instance_id, "a", HierarchyGroupId=hierarchy["Paris"], Tags={"tier": "1"})
    create_user(connect, instance_id, "b", HierarchyGroupId=hierarchy["APAC"], Tags={"tier": "1"})
    create_user(connect, instance_id, "c", Tags={"tier": "2"})
    by_group = {
        "UserAttributeFilter": {
            "HierarchyGroupCondition": {
                "Value": hierarchy["EMEA"],
                "HierarchyGroupMatchType": "WITH_CHILD_GROUPS",
            }
        }
    }
    assert names(search(connect, instance_id, SearchFilter=by_group)) == ["a"]
    and_condition = {
        "UserAttributeFilter": {
            "AndCondition": {
                "TagConditions": [{"TagKey": "tier", "TagValue": "1"}],
                "HierarchyGroupCondition": {
                    "Value": hierarchy["APAC"],
                    "HierarchyGroupMatchType": "EXACT",
                },
            }
        }
    }
    assert names(search(connect, instance_id, SearchFilter=and_condition)) == ["b"]
    or_conditions = {
        "UserAttributeFilter": {
            "OrConditions": [
                {"TagConditions": [{"TagKey": "tier", "TagValue": "2"}]},
                {
                    "HierarchyGroupCondition": {
                        "Value": hierarchy["APAC"],
                        "HierarchyGroupMatchType": "EXACT",
                    }
                },
            ]
        }
    }
    assert names(search(connect, instance_id, SearchFilter=or_conditions)) == ["b", "c"]
    tag_only = {"UserAttributeFilter": {"TagCondition": {"TagKey": "tier", "TagValue": "1"}}}
    assert names(search(connect, instance_id, SearchFilter=tag_only)) == ["a", "b"]


def test_tag_filter_matches_tags_when_given(connect: Any, instance_id: str) -> None:
    create_user(connect, instance_id, "x", Tags={"dept": "sales", "site": "nyc"})
    create_user(connect, instance_id, "y", Tags={"dept": "sales"})
    create_user(connect, instance_id, "z", Tags={"dept": "support"})
    both = {
        "TagFilter": {
            "AndConditions": [
                {"TagKey": "dept", "TagValue": "sales"},
                {"TagKey": "site", "TagValue": "nyc"},
            ]
        }
    }
    assert names(search(connect, instance_id, SearchFilter=both)) == ["x"]
    either = {
        "TagFilter": {
            "OrConditions": [
                [{"TagKey": "site", "TagValue": "nyc"}],
                [{"TagKey": "dept", "TagValue": "support"}],
            ]
        }
    }
    assert names(search(connect, instance_id, SearchFilter=either)) == ["x", "z"]


def test_search_fails_with_access_denied_when_both_filter_kinds_given(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.AccessDeniedException):
        search(
            connect,
            instance_id,
            SearchFilter={
                "TagFilter": {"TagCondition": {"TagKey": "a", "TagValue": "b"}},
                "UserAttributeFilter": {"TagCondition": {"TagKey": "a", "TagValue": "b"}},
            },
        )


def test_search_fails_with_invalid_parameter_when_attribute_filter_has_two_members(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        search(
            connect,
            instance_id,
            SearchFilter={
                "UserAttributeFilter": {
                    "TagCondition": {"TagKey": "a", "TagValue": "b"},
                    "AndCondition": {"TagConditions": [{"TagKey": "a", "TagValue": "b"}]},
                }
            },
        )


def test_list_condition_matches_one_proficiency_entry_when_all_conditions_hold(
    connect: Any, instance_id: str
) -> None:
    connect.create_predefined_attribute(
        InstanceId=instance_id, Name="Language", Values={"StringList": ["English", "French"]}
    )
    en5 = create_user(connect, instance_id, "en5")["UserId"]
    mixed = create_user(connect, instance_id, "mixed")["UserId"]
    create_user(connect, instance_id, "none")
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=en5,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 5.0}
        ],
    )
    # English at 1 and French at 5: no single entry is (English, >= 4).
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=mixed,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 1.0},
            {"AttributeName": "Language", "AttributeValue": "French", "Level": 5.0},
        ],
    )

    def list_condition(*conditions: dict[str, Any]) -> dict[str, Any]:
        return {
            "ListCondition": {"TargetListType": "PROFICIENCIES", "Conditions": list(conditions)}
        }

    english = string("value", "English")
    name = string("name", "Language")
    at_least_4 = {
        "NumberCondition": {
            "FieldName": "limit",
            "MinValue": 4,
            "ComparisonType": "GREATER_OR_EQUAL",
        }
    }
    assert names(
        search(connect, instance_id, SearchCriteria=list_condition(name, english, at_least_4))
    ) == ["en5"]
    assert names(search(connect, instance_id, SearchCriteria=list_condition(english))) == [
        "en5",
        "mixed",
    ]
    in_range = {
        "NumberCondition": {
            "FieldName": "limit",
            "MinValue": 1,
            "MaxValue": 2,
            "ComparisonType": "RANGE",
        }
    }
    assert names(search(connect, instance_id, SearchCriteria=list_condition(in_range))) == ["mixed"]
    below_5 = {"NumberCondition": {"FieldName": "limit", "MinValue": 5, "ComparisonType": "LESSER"}}
    assert names(search(connect, instance_id, SearchCriteria=list_condition(english, below_5))) == [
        "mixed"
    ]


def test_search_pages_every_user_once_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    for i in range(5):
        create_user(connect, instance_id, f"page{i}")
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 2}
    while True:
        got = search(connect, instance_id, **kwargs)
        assert got["ApproximateTotalCount"] == 5
        assert len(got["Users"]) <= 2
        seen += [u["Username"] for u in got["Users"]]
        if "NextToken" not in got:
            break
        kwargs["NextToken"] = got["NextToken"]
    assert seen == [f"page{i}" for i in range(5)]
