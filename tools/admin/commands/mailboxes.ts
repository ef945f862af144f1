import { listMailboxes, MESSAGES, type Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import type { Command } from '../command.js';
import { findUser } from '../users-lookup.js';

/** `mailboxes <user>`: a user's mailboxes with their message counts. */
export const mailboxes: Command = {
  usage: 'mailboxes <user>',
  summary: "list a user's mailboxes with their message counts",
  args: [1, 1],
  async run(store, [name]) {
    const user = await findUser(store, name!);
    const boxes = await listMailboxes(store, user._id);
    const counts = await messageCounts(store, user._id);
    const data = boxes.map((box) => ({
      path: box.path,
      specialUse: box.specialUse,
      messages: counts.get(box._id.toHexString()) ?? 0,
      uidValidity: box.uidValidity,
      uidNext: box.uidNext,
      subscribed: box.subscribed,
    }));
    const text = data.map(
      (box) =>
        `${box.path}\t${box.messages} messages${box.specialUse ? `\t${box.specialUse}` : ''}`,
    );
    return { data, text };
  },
};

// One grouped count over the user's messages; placeholders of failed ingests (`hole`) are no
// messages (see the lib README, "Messages").
async function messageCounts(store: Store, user: ObjectId): Promise<Map<string, number>> {
  const rows = await store.db
    .collection(MESSAGES)
    .aggregate<{ _id: ObjectId; count: number }>([
      { $match: { user, hole: { $ne: true } } },
      { $group: { _id: '$mailbox', count: { $sum: 1 } } },
    ])
    .toArray();
  return new Map(rows.map((row) => [row._id.toHexString(), row.count]));
}
