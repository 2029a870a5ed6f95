"""Flow-language documents the tests share."""

from __future__ import annotations

import json


def queue_flow(queue: str = "arn:aws:connect:us-east-1:1:instance/x/queue/y") -> str:
    """R8.6's minimal flow that queues a contact."""
    return json.dumps(
        {
            "Version": "2019-10-30",
            "StartAction": "q",
            "Actions": [
                {
                    "Identifier": "q",
                    "Type": "UpdateContactTargetQueue",
                    "Parameters": {"QueueId": queue},
                    "Transitions": {
                        "NextAction": "t",
                        "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "d"}],
                    },
                },
                {
                    "Identifier": "t",
                    "Type": "TransferContactToQueue",
                    "Parameters": {},
                    "Transitions": {
                        "NextAction": "d",
                        "Errors": [
                            {"ErrorType": "QueueAtCapacity", "NextAction": "d"},
                            {"ErrorType": "NoMatchingError", "NextAction": "d"},
                        ],
                    },
                },
                {
                    "Identifier": "d",
                    "Type": "DisconnectParticipant",
                    "Parameters": {},
                    "Transitions": {},
                },
            ],
        }
    )
