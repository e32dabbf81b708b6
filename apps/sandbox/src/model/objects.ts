import type { Outbox } from '../delivery/outbox.js';
import { nowIso, randomToken } from '../shared/util.js';
import type { SandboxDatabase } from '../storage/database.js';
import { objectIdPrefix } from './integrations.js';
import type { Fields, ObjectType, StoredObject } from './types.js';

export interface ObjectChange {
  object: StoredObject;
  changed: string[];
  previousStage?: unknown;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Event data for an object event: the object's fields (dotted keys) plus the event's own keys. */
export function objectEventData(
  object: StoredObject,
  event: string,
  changed: string[],
  previousStage?: unknown,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    ...object.fields,
    object_id: object.object_id,
    object_type: object.object_type,
    event,
    integration_id: object.integration_id ?? '',
    changed_fields: changed,
  };
  if (previousStage !== undefined) data.previous_stage = previousStage;
  return data;
}

export function newObjectId(type: ObjectType): string {
  return `${objectIdPrefix[type]}${randomToken(20)}`;
}

/**
 * Every change to WorkSpan objects goes through here, so each one bumps the report version of its
 * type and raises its object events (create / update / stage_change / delete) in the same transaction.
 */
export class ObjectStore {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly outbox: Outbox,
  ) {}

  get(tenant: string, objectId: string): StoredObject | undefined {
    return this.db.getObject(tenant, objectId);
  }

  create(
    tenant: string,
    input: { object_type: ObjectType; integration_id?: string | null; fields: Fields; object_id?: string },
  ): StoredObject {
    const at = nowIso();
    const fields: Fields = {};
    for (const [key, value] of Object.entries(input.fields))
      if (value !== null && value !== undefined) fields[key] = value;
    // A new opportunity without a stage (not even an explicit null) starts in prospecting.
    if (input.object_type === 'opportunity' && input.fields.stage === undefined) fields.stage = 'prospecting';
    const object: StoredObject = {
      object_id: input.object_id ?? newObjectId(input.object_type),
      object_type: input.object_type,
      integration_id: input.integration_id ?? null,
      fields,
      created_at: at,
      updated_at: at,
    };
    this.db.transaction(() => {
      this.db.insertObject(tenant, object);
      this.db.bumpVersion(tenant, object.object_type);
      this.raise(tenant, object, 'object.create', Object.keys(fields));
    });
    return object;
  }

  /**
   * Applies `changes` (a `null` value removes the field). Returns the fields that really changed;
   * nothing is written and no event is raised when none did.
   */
  update(tenant: string, objectId: string, changes: Fields): ObjectChange | undefined {
    return this.db.transaction(() => {
      const current = this.db.getObject(tenant, objectId);
      if (!current) return undefined;
      const fields: Fields = { ...current.fields };
      const changed: string[] = [];
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined) {
          if (key in fields) {
            delete fields[key];
            changed.push(key);
          }
        } else if (!sameValue(fields[key], value)) {
          fields[key] = value;
          changed.push(key);
        }
      }
      if (changed.length === 0) return { object: current, changed };
      const object: StoredObject = { ...current, fields, updated_at: nowIso() };
      this.db.updateObjectFields(tenant, objectId, fields, object.updated_at);
      this.db.bumpVersion(tenant, object.object_type);
      const previousStage = changed.includes('stage') ? (current.fields.stage ?? '') : undefined;
      this.raise(tenant, object, 'object.update', changed, previousStage);
      if (previousStage !== undefined)
        this.raise(tenant, object, 'object.stage_change', changed, previousStage);
      return { object, changed, previousStage };
    });
  }

  delete(tenant: string, objectId: string): StoredObject | undefined {
    return this.db.transaction(() => {
      const current = this.db.getObject(tenant, objectId);
      if (!current) return undefined;
      this.db.deleteObject(tenant, objectId);
      this.db.bumpVersion(tenant, current.object_type);
      this.raise(tenant, current, 'object.delete', []);
      return current;
    });
  }

  /** A WorkSpan user asked to submit the opportunity to Partner Center (the trigger of SubmitToPartnerCenterObjectEvent). */
  submitReferral(tenant: string, objectId: string): StoredObject | undefined {
    return this.db.transaction(() => {
      const current = this.db.getObject(tenant, objectId);
      if (!current) return undefined;
      this.raise(tenant, current, 'object.partner_center_referral_submit', []);
      return current;
    });
  }

  private raise(
    tenant: string,
    object: StoredObject,
    event: string,
    changed: string[],
    previousStage?: unknown,
  ): void {
    this.outbox.emit(tenant, {
      event,
      kind: 'object',
      objectId: object.object_id,
      objectType: object.object_type,
      occurredAt: nowIso(),
      data: objectEventData(object, event, changed, previousStage),
    });
  }
}
