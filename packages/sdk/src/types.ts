export interface ModuleReadiness {
  module: string;
  ready: boolean;
  reason?: string;
}

export interface ReadyResponse {
  status: 'ready' | 'not ready';
  modules: ModuleReadiness[];
}

export interface ServerStatus {
  version: string;
  roles: string[];
  listeners: Record<string, string>;
  dataDir: string;
  modules: ModuleReadiness[];
}
