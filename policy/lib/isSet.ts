/** Whether a property is set: present and not null (the engine may hand over an explicit null). */
export const isSet = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;
