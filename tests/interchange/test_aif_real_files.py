"""AIF as AIFdb, OVA and Carneades write it: small defects of issue 19 (item 14)."""

import json

from arguments.interchange import aif


def test_an_s_nodes_type_written_as_its_text_is_no_scheme():
    text = json.dumps(
        {
            "nodes": [
                {"nodeID": "1", "type": "I", "text": "p"},
                {"nodeID": "2", "type": "I", "text": "q"},
                {"nodeID": "3", "type": "RA", "text": "RA"},
                {
                    "nodeID": "4",
                    "type": "RA",
                    "text": "RA",
                    "scheme": "Argument From Expert Opinion",
                },
            ],
            "edges": [
                {"edgeID": "a", "fromID": "1", "toID": "3"},
                {"edgeID": "b", "fromID": "3", "toID": "2"},
                {"edgeID": "c", "fromID": "2", "toID": "4"},
                {"edgeID": "d", "fromID": "4", "toID": "1"},
            ],
        }
    )

    schemes = {edge.id: edge.scheme for edge in aif.parse(text).edges}

    assert schemes == {"3": "", "4": "Argument From Expert Opinion"}


def test_a_locution_without_a_speaker_is_reported():
    text = json.dumps(
        {
            "nodes": [
                {"nodeID": "1", "type": "I", "text": "p"},
                {"nodeID": "2", "type": "L", "text": "p said without a name"},
                {"nodeID": "3", "type": "YA", "text": "Asserting"},
            ],
            "edges": [
                {"edgeID": "a", "fromID": "2", "toID": "3"},
                {"edgeID": "b", "fromID": "3", "toID": "1"},
            ],
        }
    )

    graph = aif.parse(text)

    assert graph.nodes["1"].speaker == ""
    assert any(report.startswith("L node 2: no speaker") for report in graph.reports)
