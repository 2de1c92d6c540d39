/** A fixed-capacity FIFO: pushing into a full ring drops the oldest item and counts it as missed. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;
  /** Items dropped since the last `takeMissed()`. */
  private missed = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      this.missed++;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
  }

  /** Removes and returns up to `max` items, oldest first. */
  take(max: number): T[] {
    const n = Math.min(max, this.size);
    const out = new Array<T>(n);
    for (let k = 0; k < n; k++) {
      out[k] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.size -= n;
    return out;
  }

  takeMissed(): number {
    const m = this.missed;
    this.missed = 0;
    return m;
  }

  /** Counts items the hub could not even queue (hub overflow) as missed. */
  addMissed(n: number): void {
    this.missed += n;
  }
}
