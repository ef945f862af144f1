import {
  listMailboxes,
  listSubscriptions,
  MESSAGES,
  messageId,
  type MailboxDoc,
  type Store,
} from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import type { Command } from '../command.js';
import { findUser } from '../users-lookup.js';

/** The largest UID (RFC 3501 section 2.3.1.1: a 32-bit number). */
const MAX_UID = 0xffff_ffff;

/** `mailboxes <user>`: a user's mailboxes with their message counts. */
export const mailboxes: Command = {
  usage: 'mailboxes <user>',
  summary: "list a user's mailboxes with their message counts",
  args: [1, 1],
  async run(store, [name]) {
    const user = await findUser(store, name!);
    const boxes = await listMailboxes(store, user._id);
    const counts = await messageCounts(store, user._id, boxes);
    const subscribed = new Set(await listSubscriptions(store, user._id));
    const data = boxes.map((box) => ({
      path: box.path,
      specialUse: box.specialUse,
      messages: counts.get(box._id.toHexString()) ?? 0,
      uidValidity: box.uidValidity,
      uidNext: box.uidNext,
      subscribed: subscribed.has(box.path),
    }));
    const text = data.map(
      (box) =>
        `${box.path}\t${box.messages} messages${box.specialUse ? `\t${box.specialUse}` : ''}`,
    );
    return { data, text };
  },
};

// One count per mailbox over its `_id` range (user, mailbox, UID 0 to 2^32-1): the range leads
// with the messages' shard key. Placeholders of failed ingests (`hole`) are no messages.
async function messageCounts(
  store: Store,
  user: ObjectId,
  boxes: readonly MailboxDoc[],
): Promise<Map<string, number>> {
  const counts = await Promise.all(
    boxes.map((box) =>
      store.db.collection<{ _id: string }>(MESSAGES).countDocuments({
        _id: { $gte: messageId(user, box._id, 0), $lte: messageId(user, box._id, MAX_UID) },
        hole: { $ne: true },
      }),
    ),
  );
  return new Map(boxes.map((box, i) => [box._id.toHexString(), counts[i] ?? 0]));
}
