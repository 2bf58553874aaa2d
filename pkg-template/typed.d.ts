
/**
 * A Standard Schema v1 (https://standardschema.dev), declared as the spec publishes it (no dependency
 * needed): react-hook-form's `standardSchemaResolver`, TanStack Form and other form libraries take it
 * as they take a zod schema, and `StandardSchemaV1.InferOutput<typeof newUserSchema>` is `NewUser`.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

/** The parts of a Standard Schema v1. */
export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version of the standard. */
    readonly version: 1;
    /** The library: `"dynamic-users"`. */
    readonly vendor: string;
    /** Validates a value. */
    readonly validate: (value: unknown, options?: Options | undefined) => Result<Output> | Promise<Result<Output>>;
    /** Inferred types only: absent at run time. */
    readonly types?: Types<Input, Output> | undefined;
  }
  /** What `validate` returns. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  /** The result when the value has no error. */
  export interface SuccessResult<Output> {
    /** The value as JSON sends it: a copy. */
    readonly value: Output;
    /** Absent on success. */
    readonly issues?: undefined;
  }
  /** Options a caller may pass to `validate` (none are read here). */
  export interface Options {
    /** Options of a particular library. */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  /** The result when the value has errors. */
  export interface FailureResult {
    /** One per error. */
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One error. */
  export interface Issue {
    /** One plain sentence for a person. */
    readonly message: string;
    /** Where: `["wallets", 0, "chain"]`, `[12, "email"]`; empty for the value as a whole. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** A path segment as an object. */
  export interface PathSegment {
    /** The key. */
    readonly key: PropertyKey;
  }
  /** The input and output types. */
  export interface Types<Input = unknown, Output = Input> {
    /** The input type. */
    readonly input: Input;
    /** The output type. */
    readonly output: Output;
  }
  /** The input type of a schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  /** The output type of a schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/**
 * Checks one user of a bulk-create body, as `validateNewUser` does, and returns it typed: a copy, as
 * JSON sends it. Throws a `DynamicUsersError` of kind `"validation"` (with every issue) when it has an
 * error; warnings do not fail it.
 */
export function parseNewUser(value: unknown): NewUser;

/**
 * Checks the body of `updateUser`, as `validateUserUpdate` does, and returns it typed: a copy, as JSON
 * sends it. Throws a `DynamicUsersError` of kind `"validation"` (with every issue) when it has an error;
 * warnings do not fail it.
 */
export function parseUserUpdate(value: unknown): UserUpdate;

/**
 * Checks a whole bulk-create body, as `validateBulkUsers` does, and returns it typed: a copy, as JSON
 * sends it. Throws a `DynamicUsersError` of kind `"validation"` (with every issue; paths start with the
 * row, `"[12].email"`) when it has an error; warnings do not fail it.
 */
export function parseBulkUsers(value: unknown): NewUser[];

/** True when `value` is a user the API takes (`validateNewUser(value).valid`; warnings allowed). */
export function isNewUser(value: unknown): value is NewUser;

/** True when `value` is an update body the API takes (`validateUserUpdate(value).valid`; warnings allowed). */
export function isUserUpdate(value: unknown): value is UserUpdate;

/** A Standard Schema v1 of a request body whose `validate` answers at once, never with a Promise. */
export interface BodySchema<T> extends StandardSchemaV1<T, T> {
  /** The Standard Schema properties. */
  readonly "~standard": Omit<StandardSchemaV1.Props<T, T>, "validate"> & {
    /** `{ value }`, a copy as JSON sends it, when the value has no error (warnings allowed); else `{ issues }`, one per error. */
    readonly validate: (value: unknown, options?: StandardSchemaV1.Options | undefined) => StandardSchemaV1.Result<T>;
  };
}

/** One user of a bulk-create body as a Standard Schema v1 (`useForm({ resolver: standardSchemaResolver(newUserSchema) })`). */
export declare const newUserSchema: BodySchema<NewUser>;

/** The body of `updateUser` as a Standard Schema v1. */
export declare const userUpdateSchema: BodySchema<UserUpdate>;

/** A whole bulk-create body as a Standard Schema v1; issue paths start with the row (`[12, "email"]`). */
export declare const bulkUsersSchema: BodySchema<NewUser[]>;
