import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiMissingError, ApiProvider, getApi } from './api';
import { App } from './App';
import { ApiMissing } from './components/ApiMissing';
import './styles/index.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);

try {
  const api = getApi();
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
} catch (error) {
  const message = error instanceof ApiMissingError ? error.message : `The app could not start: ${String(error)}`;
  root.render(<ApiMissing message={message} />);
}
