/* test-import-exports.h — exports in the shapes ChatGPT, Claude and OpenAI write, for tests.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written with ' for " (the tests swap them back), so they stay readable; no text has an '.
 */

#pragma once

/* A branched tree: the hidden system root, a regenerated answer (two branches), an image part,
 * a tool call and its output (plumbing), and current_node at the end of the second branch. */
#define CHATGPT_BRANCHED \
  "{'title': 'Branched', 'create_time': 1700000000.5, 'update_time': 1700000100.0,\n" \
  " 'conversation_id': 'conv-1', 'default_model_slug': 'gpt-4o', 'current_node': 'a3',\n" \
  " 'mapping': {\n" \
  "  'root': {'id': 'root', 'message': null, 'parent': null, 'children': ['sys']},\n" \
  "  'sys': {'id': 'sys', 'parent': 'root', 'children': ['u1'], 'message': {'id': 'sys',\n" \
  "    'author': {'role': 'system'}, 'content': {'content_type': 'text', 'parts': ['']},\n" \
  "    'metadata': {'is_visually_hidden_from_conversation': true}}},\n" \
  "  'u1': {'id': 'u1', 'parent': 'sys', 'children': ['a1', 'a2'], 'message': {'id': 'u1',\n" \
  "    'author': {'role': 'user'}, 'create_time': 1700000001.5,\n" \
  "    'content': {'content_type': 'text', 'parts': ['What is 2+2?']}, 'metadata': {}}},\n" \
  "  'a1': {'id': 'a1', 'parent': 'u1', 'children': [], 'message': {'id': 'a1',\n" \
  "    'author': {'role': 'assistant'}, 'create_time': 1700000002.25, 'recipient': 'all',\n" \
  "    'content': {'content_type': 'text', 'parts': ['4']},\n" \
  "    'metadata': {'model_slug': 'gpt-4o'}}},\n" \
  "  'a2': {'id': 'a2', 'parent': 'u1', 'children': ['u2'], 'message': {'id': 'a2',\n" \
  "    'author': {'role': 'assistant'}, 'create_time': 1700000003,\n" \
  "    'content': {'content_type': 'text', 'parts': ['Four.']},\n" \
  "    'metadata': {'model_slug': 'gpt-4o-mini'}}},\n" \
  "  'u2': {'id': 'u2', 'parent': 'a2', 'children': ['t1'], 'message': {'id': 'u2',\n" \
  "    'author': {'role': 'user'}, 'create_time': 1700000004,\n" \
  "    'content': {'content_type': 'multimodal_text', 'parts': [\n" \
  "      {'content_type': 'image_asset_pointer', 'asset_pointer': 'file-service://x'},\n" \
  "      'Look at this']}}},\n" \
  "  't1': {'id': 't1', 'parent': 'u2', 'children': ['t2'], 'message': {'id': 't1',\n" \
  "    'author': {'role': 'assistant'}, 'recipient': 'python', 'create_time': 1700000005,\n" \
  "    'content': {'content_type': 'code', 'text': 'print(1)'}}},\n" \
  "  't2': {'id': 't2', 'parent': 't1', 'children': ['a3'], 'message': {'id': 't2',\n" \
  "    'author': {'role': 'tool', 'name': 'python'}, 'create_time': 1700000006,\n" \
  "    'content': {'content_type': 'execution_output', 'text': '1'}}},\n" \
  "  'a3': {'id': 'a3', 'parent': 't2', 'children': [], 'message': {'id': 'a3',\n" \
  "    'author': {'role': 'assistant'}, 'create_time': 1700000007,\n" \
  "    'content': {'content_type': 'text', 'parts': ['A cat.']}, 'status': 'finished_successfully',\n" \
  "    'metadata': {'model_slug': 'gpt-4o'}}}}}"

/* current_node names a node the mapping lacks. */
#define CHATGPT_NO_CURRENT \
  "{'title': 'Lost current', 'create_time': 1700001000, 'id': 'conv-2',\n" \
  " 'current_node': 'gone', 'mapping': {\n" \
  "  'r': {'id': 'r', 'message': null, 'parent': null, 'children': ['q']},\n" \
  "  'q': {'id': 'q', 'parent': 'r', 'children': ['b'], 'message': {'author': {'role': 'user'},\n" \
  "    'create_time': 1700001001, 'content': {'content_type': 'text', 'parts': ['Hello']}}},\n" \
  "  'b': {'id': 'b', 'parent': 'q', 'children': [], 'message': {'author': {'role': 'assistant'},\n" \
  "    'create_time': 1700001002, 'content': {'content_type': 'text', 'parts': ['Hi there']}}}}}"

/* No mapping at all. */
#define CHATGPT_NO_MAPPING \
  "{'title': 'Empty one', 'create_time': 1700002000, 'id': 'conv-3', 'current_node': null}"

/* Two nodes that are each other's parent, beside a normal branch. */
#define CHATGPT_LOOP \
  "{'title': 'Loop', 'create_time': 1700003000, 'id': 'conv-4', 'current_node': 'm',\n" \
  " 'mapping': {\n" \
  "  'm': {'id': 'm', 'parent': null, 'children': [], 'message': {'author': {'role': 'user'},\n" \
  "    'create_time': 1700003001, 'content': {'content_type': 'text', 'parts': ['Round']}}},\n" \
  "  'x': {'id': 'x', 'parent': 'y', 'children': ['y'], 'message': {'author': {'role': 'user'},\n" \
  "    'content': {'content_type': 'text', 'parts': ['x']}}},\n" \
  "  'y': {'id': 'y', 'parent': 'x', 'children': ['x'], 'message': {'author': {'role': 'user'},\n" \
  "    'content': {'content_type': 'text', 'parts': ['y']}}}}}"

#define CLAUDE_EXPORT \
  "[{'uuid': 'c-1', 'name': 'Poems', 'created_at': '2024-03-01T12:00:00.000000Z',\n" \
  "  'updated_at': '2024-03-01T12:05:00.000000Z', 'chat_messages': [\n" \
  "  {'uuid': 'm-1', 'sender': 'human', 'text': 'Write a haiku', 'created_at':\n" \
  "   '2024-03-01T12:00:01.000000Z', 'content': [{'type': 'text', 'text': 'Write a haiku'}],\n" \
  "   'attachments': [{'file_name': 'notes.txt', 'file_size': 5, 'file_type': 'txt',\n" \
  "     'extracted_content': 'hello'}], 'files': [{'file_name': 'photo.png'}]},\n" \
  "  {'uuid': 'm-2', 'sender': 'assistant', 'text': 'ignored when content has text',\n" \
  "   'created_at': '2024-03-01T12:00:02.500000Z', 'content': [\n" \
  "     {'type': 'thinking', 'thinking': 'Five seven five'},\n" \
  "     {'type': 'text', 'text': 'Old pond'}, {'type': 'tool_use', 'name': 'x', 'input': {}},\n" \
  "     {'type': 'text', 'text': 'frog jumps in'}], 'attachments': [], 'files': []}]},\n" \
  " {'uuid': 'c-2', 'name': 'Nothing', 'created_at': '2024-03-02T12:00:00Z',\n" \
  "  'updated_at': '2024-03-02T12:00:00Z', 'chat_messages': []}]"

#define OPENAI_EXPORT \
  "[{'role': 'system', 'content': 'Be nice'},\n" \
  " {'role': 'user', 'content': 'Hi'},\n" \
  " {'role': 'assistant', 'content': [{'type': 'text', 'text': 'Hello'},\n" \
  "   {'type': 'image_url', 'image_url': {'url': 'data:,'}}]},\n" \
  " {'role': 'user', 'content': [{'type': 'text', 'text': 'Bye'}]}]"
