/**
 * A typed registry through which modules hand each other shared components (the bus, the
 * stores, the HTTP server). A module declares the modules it depends on, so whatever they
 * provide is there when it starts.
 */
import { ptrError } from '../errors/index.js';

export class ServiceKey<T> {
  declare readonly _type: T;
  constructor(readonly name: string) {}
}

export class SharedServices {
  private readonly values = new Map<string, unknown>();

  provide<T>(key: ServiceKey<T>, value: T): void {
    if (this.values.has(key.name)) throw ptrError('PTR_ERR_INTERNAL', `service ${key.name} provided twice`);
    this.values.set(key.name, value);
  }

  get<T>(key: ServiceKey<T>): T {
    if (!this.values.has(key.name)) throw ptrError('PTR_ERR_INTERNAL', `service ${key.name} is not available: a module is missing from dependsOn`);
    return this.values.get(key.name) as T;
  }

  find<T>(key: ServiceKey<T>): T | undefined {
    return this.values.get(key.name) as T | undefined;
  }
}
